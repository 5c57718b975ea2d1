//! Online-status subscriptions: a user's object keeps who watches it and tells them when it
//! goes online or offline; watchers' objects push the change to their sessions.

use super::UserDo;
use crate::presence::Status;
use crate::session::Session;
use edgechat_proto::frame::{ServerFrame, StatusFailure, UserStatus};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Most users per subscribe or query call (as `subscribeUserStatus`, `getUserStatus`).
pub const MAX_SUBSCRIBE: usize = 100;
/// Longest custom status, in bytes (`setSelfStatus`).
pub const MAX_CUSTOM_STATUS_BYTES: usize = 100;

/// The status a `/status` answer's `Status` names.
fn status_of(v: &Value) -> Status {
    match v["Status"].as_str() {
        Some("Online") => Status::Online,
        Some("PushOnline") => Status::PushOnline,
        _ => Status::Offline,
    }
}

impl UserDo {
    /// This user's status; `ask_hub` checks the recorded sessions with the hub (see
    /// `live_platforms`): answers to watchers do, announcements made as sessions change don't.
    async fn my_status(&self, ask_hub: bool) -> Status {
        let platforms = self.live_platforms(ask_hub).await;
        self.status_of_platforms(&platforms)
            .map_or(Status::Offline, |v| status_of(&v))
    }

    /// `/watch {watcher, on}`: records or forgets a watcher; answers this user's status type.
    pub(super) async fn watch(&self, body: &Value) -> Result<Value, ImError> {
        let watcher = body["watcher"].as_str().unwrap_or_default();
        let on = body["on"].as_bool().unwrap_or(false);
        // Only an account that exists can be watched: a subscription names no one else's
        // object into being (a row written into any ID's object).
        if on && !self.accounts()?.is_imported()? {
            return Err(ImError::AccountNotImported(
                body["user"].as_str().unwrap_or_default().to_owned(),
            ));
        }
        self.accounts()?.set_watcher(watcher, on)?;
        let custom = self.accounts()?.custom_status()?;
        Ok(
            json!({ "statusType": self.my_status(true).await.status_type(), "customStatus": custom }),
        )
    }

    /// `/status_changed {userID, statusType}`: a watched user changed; tell my sessions.
    pub(super) fn status_changed(&self, body: &Value) -> Result<Value, ImError> {
        let status = UserStatus {
            user_id: body["userID"].as_str().unwrap_or_default().to_owned(),
            status_type: body["statusType"].as_u64().unwrap_or(3) as u8,
            custom_status: body["customStatus"].as_str().unwrap_or_default().to_owned(),
        };
        self.broadcast(&ServerFrame::UserStatus { status }, None);
        Ok(json!({}))
    }

    /// Tells every watcher this user's current status (after a login or a session's end).
    pub(super) async fn announce_status(&self, me: &str) {
        let Ok(watchers) = self.accounts().and_then(|a| a.watchers()) else {
            return;
        };
        let custom = self
            .accounts()
            .and_then(|a| a.custom_status())
            .unwrap_or_default();
        let body = json!({ "userID": me, "statusType": self.my_status(false).await.status_type(), "customStatus": custom });
        for w in watchers {
            // A watcher that cannot be told now learns the status at its next subscribe.
            let _ = self.call_user(&w, "/status_changed", body.clone()).await;
        }
    }

    /// The client's `subscribeStatus` / `unsubscribeStatus` answered as a status list.
    pub(super) async fn status_list(
        &self,
        me: &Session,
        req_id: u64,
        list: &[String],
        on: bool,
    ) -> Result<ServerFrame, ImError> {
        let (list, failures) = self.subscribe(me, list, on).await?;
        Ok(ServerFrame::StatusList {
            req_id,
            list,
            failures,
        })
    }

    /// The client's `queryStatus` (`getUserStatus`): each user's status now, without
    /// subscribing; users that cannot be asked (never imported) are listed as failures.
    pub(super) async fn query_status(
        &self,
        req_id: u64,
        list: &[String],
    ) -> Result<ServerFrame, ImError> {
        let ids = checked_ids(list)?;
        let mut found = vec![];
        let mut failures = vec![];
        for id in ids {
            match self.call_user(id.as_str(), "/status", json!({})).await {
                Ok(v) => found.push(UserStatus {
                    user_id: id.to_string(),
                    status_type: status_of(&v).status_type(),
                    custom_status: v["CustomStatus"].as_str().unwrap_or_default().to_owned(),
                }),
                Err(e) => failures.push(StatusFailure::of(id, &e)),
            }
        }
        Ok(ServerFrame::StatusList {
            req_id,
            list: found,
            failures,
        })
    }

    /// The client's `setSelfStatus`: stores my custom status and tells my watchers and my
    /// sessions.
    pub(super) async fn set_self_status(&self, me: &str, text: &str) -> Result<(), ImError> {
        if text.len() > MAX_CUSTOM_STATUS_BYTES {
            return Err(ImError::InvalidParameter(format!(
                "customStatus has {} bytes, at most {MAX_CUSTOM_STATUS_BYTES}",
                text.len()
            )));
        }
        self.accounts()?.set_custom_status(text)?;
        let status = UserStatus {
            user_id: me.to_owned(),
            status_type: self.my_status(false).await.status_type(),
            custom_status: text.to_owned(),
        };
        self.broadcast(&ServerFrame::UserStatus { status }, None);
        self.announce_status(me).await;
        Ok(())
    }

    /// Subscribes `me` to (or unsubscribes from) the statuses of `list`: the statuses, and
    /// the users that could not be watched (never imported: 70107) as failures.
    async fn subscribe(
        &self,
        me: &Session,
        list: &[String],
        on: bool,
    ) -> Result<(Vec<UserStatus>, Vec<StatusFailure>), ImError> {
        let ids = checked_ids(list)?;
        let mut out = vec![];
        let mut failures = vec![];
        for id in ids {
            let watch = json!({ "watcher": me.user, "on": on, "user": id });
            match self.call_user(id.as_str(), "/watch", watch).await {
                Ok(v) => out.push(UserStatus {
                    user_id: id.to_string(),
                    status_type: v["statusType"].as_u64().unwrap_or(3) as u8,
                    custom_status: v["customStatus"].as_str().unwrap_or_default().to_owned(),
                }),
                Err(e) => failures.push(StatusFailure::of(id, &e)),
            }
        }
        Ok((out, failures))
    }
}

/// 1..=`MAX_SUBSCRIBE` valid user IDs.
fn checked_ids(list: &[String]) -> Result<Vec<UserId>, ImError> {
    if list.is_empty() || list.len() > MAX_SUBSCRIBE {
        return Err(ImError::InvalidParameter(format!(
            "userIDList has {} users, 1..={MAX_SUBSCRIBE} allowed",
            list.len()
        )));
    }
    list.iter().map(|u| UserId::parse(u)).collect()
}
