//! Online-status subscriptions: a user's object keeps who watches it and tells them when it
//! goes online or offline; watchers' objects push the change to their sessions.

use super::UserDo;
use crate::presence::Status;
use crate::session::Session;
use edgechat_proto::frame::{ServerFrame, UserStatus};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Most users per subscribe call (as `subscribeUserStatus`).
pub const MAX_SUBSCRIBE: usize = 100;

impl UserDo {
    /// This user's status; `ask_hub` checks the recorded sessions with the hub (see
    /// `live_platforms`): answers to watchers do, announcements made as sessions change don't.
    async fn my_status(&self, ask_hub: bool) -> Status {
        let platforms = self.live_platforms(ask_hub).await;
        match self
            .status_of_platforms(&platforms)
            .ok()
            .and_then(|v| v["Status"].as_str().map(str::to_owned))
            .as_deref()
        {
            Some("Online") => Status::Online,
            Some("PushOnline") => Status::PushOnline,
            _ => Status::Offline,
        }
    }

    /// `/watch {watcher, on}`: records or forgets a watcher; answers this user's status type.
    pub(super) async fn watch(&self, body: &Value) -> Result<Value, ImError> {
        let watcher = body["watcher"].as_str().unwrap_or_default();
        let on = body["on"].as_bool().unwrap_or(false);
        self.accounts()?.set_watcher(watcher, on)?;
        Ok(json!({ "statusType": self.my_status(true).await.status_type() }))
    }

    /// `/status_changed {userID, statusType}`: a watched user changed; tell my sessions.
    pub(super) fn status_changed(&self, body: &Value) -> Result<Value, ImError> {
        let status = UserStatus {
            user_id: body["userID"].as_str().unwrap_or_default().to_owned(),
            status_type: body["statusType"].as_u64().unwrap_or(3) as u8,
        };
        self.broadcast(&ServerFrame::UserStatus { status }, None);
        Ok(json!({}))
    }

    /// Tells every watcher this user's current status (after a login or a session's end).
    pub(super) async fn announce_status(&self, me: &str) {
        let Ok(watchers) = self.accounts().and_then(|a| a.watchers()) else {
            return;
        };
        let body = json!({ "userID": me, "statusType": self.my_status(false).await.status_type() });
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
        Ok(ServerFrame::StatusList {
            req_id,
            list: self.subscribe(me, list, on).await?,
        })
    }

    /// Subscribes `me` to (or unsubscribes from) the statuses of `list`.
    async fn subscribe(
        &self,
        me: &Session,
        list: &[String],
        on: bool,
    ) -> Result<Vec<UserStatus>, ImError> {
        if list.is_empty() || list.len() > MAX_SUBSCRIBE {
            return Err(ImError::InvalidParameter(format!(
                "userIDList has {} users, 1..={MAX_SUBSCRIBE} allowed",
                list.len()
            )));
        }
        let ids = list
            .iter()
            .map(|u| UserId::parse(u))
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = vec![];
        for id in ids {
            let v = self
                .call_user(
                    id.as_str(),
                    "/watch",
                    json!({ "watcher": me.user, "on": on }),
                )
                .await?;
            out.push(UserStatus {
                user_id: id.to_string(),
                status_type: v["statusType"].as_u64().unwrap_or(3) as u8,
            });
        }
        Ok(out)
    }
}
