//! Online-status subscriptions: `subscribeUserStatus`, `unsubscribeUserStatus`, and the
//! `USER_STATUS_UPDATED` events.

use super::{emit, event, Action, Call, ChatCore, Pending};
use edgechat_proto::frame::{ClientFrame, UserStatus};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// `USER_STATUS_UPDATED` data: `[{userID, statusType, customStatus}]`.
pub(super) fn views(list: &[UserStatus]) -> Value {
    json!(list
        .iter()
        .map(|s| json!({ "userID": s.user_id, "statusType": s.status_type, "customStatus": "" }))
        .collect::<Vec<_>>())
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
        if user_ids.is_empty() || user_ids.len() > 100 {
            return Err(ImError::InvalidParameter(format!(
                "userIDList has {} users, 1..=100 allowed",
                user_ids.len()
            )));
        }
        for id in user_ids {
            UserId::parse(id)?;
        }
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

    pub(super) fn on_status_list(
        &mut self,
        req_id: u64,
        list: &[UserStatus],
        out: &mut Vec<Action>,
    ) {
        if let Some(Pending::Status {
            key,
            emit: announce,
        }) = self.requests.pending.remove(&req_id)
        {
            if announce {
                out.push(emit(event::USER_STATUS_UPDATED, views(list)));
            }
            out.push(Action::Resolve {
                key,
                data: json!({ "failureUserList": [] }),
            });
        }
    }
}
