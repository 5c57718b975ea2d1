//! Online status: `subscribeUserStatus`, `unsubscribeUserStatus`, `getUserStatus`,
//! `setSelfStatus`, and the `USER_STATUS_UPDATED` events.

use super::{emit, event, Action, Call, ChatCore, Pending};
use edgechat_proto::frame::{ClientFrame, StatusFailure, UserStatus};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// `USER_STATUS_UPDATED` data: `[{userID, statusType, customStatus}]`.
pub(super) fn views(list: &[UserStatus]) -> Value {
    json!(list
        .iter()
        .map(|s| json!({ "userID": s.user_id, "statusType": s.status_type, "customStatus": s.custom_status }))
        .collect::<Vec<_>>())
}

/// Longest custom status, in bytes.
pub const MAX_CUSTOM_STATUS_BYTES: usize = 100;

/// 1..=100 valid user IDs.
fn check_ids(user_ids: &[String]) -> Result<(), ImError> {
    if user_ids.is_empty() || user_ids.len() > 100 {
        return Err(ImError::InvalidParameter(format!(
            "userIDList has {} users, 1..=100 allowed",
            user_ids.len()
        )));
    }
    for id in user_ids {
        UserId::parse(id)?;
    }
    Ok(())
}

impl ChatCore {
    /// `subscribeUserStatus` (`on`) / `unsubscribeUserStatus`: current statuses arrive as
    /// `USER_STATUS_UPDATED`, and so does every later change.
    pub fn subscribe_user_status(
        &mut self,
        user_ids: &[String],
        on: bool,
    ) -> Result<Call, ImError> {
        self.me()?;
        check_ids(user_ids)?;
        let key = self.key();
        let list = user_ids.to_vec();
        let action = self.request(
            |req_id| {
                if on {
                    ClientFrame::SubscribeStatus {
                        req_id,
                        user_id_list: list,
                    }
                } else {
                    ClientFrame::UnsubscribeStatus {
                        req_id,
                        user_id_list: list,
                    }
                }
            },
            Pending::Status {
                key: key.clone(),
                emit: on,
            },
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    /// `getUserStatus`: these users' statuses now (and custom statuses), without subscribing.
    pub fn get_user_status(&mut self, user_ids: &[String]) -> Result<Call, ImError> {
        self.me()?;
        check_ids(user_ids)?;
        let key = self.key();
        let list = user_ids.to_vec();
        let action = self.request(
            |req_id| ClientFrame::QueryStatus {
                req_id,
                user_id_list: list,
            },
            Pending::StatusQuery { key: key.clone() },
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    /// `setSelfStatus`: my custom status (≤ 100 bytes), told to my watchers and devices.
    pub fn set_self_status(&mut self, custom_status: &str) -> Result<Call, ImError> {
        self.me()?;
        if custom_status.len() > MAX_CUSTOM_STATUS_BYTES {
            return Err(ImError::InvalidParameter(format!(
                "customStatus has {} bytes, at most {MAX_CUSTOM_STATUS_BYTES}",
                custom_status.len()
            )));
        }
        let key = self.key();
        let text = custom_status.to_owned();
        let action = self.request(
            |req_id| ClientFrame::SetSelfStatus {
                req_id,
                custom_status: text,
            },
            Pending::Done { key: key.clone() },
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    pub(super) fn on_status_list(
        &mut self,
        req_id: u64,
        list: &[UserStatus],
        failures: &[StatusFailure],
        out: &mut Vec<Action>,
    ) {
        let failed: Vec<_> = failures
            .iter()
            .map(|f| json!({ "userID": f.user_id, "code": f.code, "message": f.message }))
            .collect();
        match self.requests.pending.remove(&req_id) {
            Some(Pending::StatusQuery { key }) => {
                out.push(Action::Resolve {
                    key,
                    data: json!({ "successUserList": views(list), "failureUserList": failed }),
                });
            }
            Some(Pending::Status {
                key,
                emit: announce,
            }) => {
                if announce && !list.is_empty() {
                    out.push(emit(event::USER_STATUS_UPDATED, views(list)));
                }
                out.push(Action::Resolve {
                    key,
                    data: json!({ "failureUserList": failed }),
                });
            }
            _ => {}
        }
    }
}
