//! Conversation settings (`crate::recent`) in a user's object: kept with the account, told to
//! the user's other sessions when they change; `get_list` and `delete` join them with the
//! conversations themselves.

use super::UserDo;
use crate::edge::platform::now_secs;
use crate::recent::{self, list_page, ListEntry};
use edgechat_proto::codes;
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::recent::RecentState;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

fn invalid(why: impl Into<String>) -> ImError {
    ImError::Coded(codes::RECENT_INVALID_PARAMETER, why.into())
}

impl UserDo {
    /// Runs settings command `cmd`: its answer and all the settings after it. A change is
    /// stored, then pushed to every session but `except` (which gets the answer).
    pub(super) fn recent_command(
        &self,
        cmd: &str,
        body: &Value,
        except: Option<&str>,
    ) -> Result<(Value, RecentState), ImError> {
        let accounts = self.accounts()?;
        let mut state = accounts.recent()?;
        let (answer, changed) = recent::run(&mut state, cmd, body, now_secs())?;
        if changed {
            accounts.set_recent(&state)?;
            let frame = ServerFrame::RecentUpdate {
                state: state.clone(),
            };
            self.broadcast(&frame, except);
        }
        Ok((answer, state))
    }

    /// `/recent/cmd {me, cmd, body}`: a `recentcontact/*` REST command for this user.
    pub(super) async fn recent_rest(&self, call: Value) -> Result<Value, ImError> {
        let me = UserId::parse(call["me"].as_str().unwrap_or_default())
            .map_err(|e| invalid(format!("From_Account: {e}")))?;
        if !self.accounts()?.is_imported()? {
            return Err(ImError::Coded(
                codes::RECENT_ACCOUNT_NOT_FOUND,
                format!("From_Account {me} does not exist"),
            ));
        }
        let body = &call["body"];
        match call["cmd"].as_str().unwrap_or_default() {
            "get_list" => self.recent_list(&me, body).await,
            "delete" => self.recent_delete(body),
            cmd => self
                .recent_command(cmd, body, None)
                .map(|(answer, _)| answer),
        }
    }

    /// `get_list`: one-to-one conversations and (activated) joined groups.
    async fn recent_list(&self, me: &UserId, body: &Value) -> Result<Value, ImError> {
        let mut entries: Vec<ListEntry> = (self.conversations()?.into_iter())
            .map(|c| ListEntry {
                id: format!("C2C{}", c.peer),
                time: c.time,
            })
            .collect();
        entries.extend(
            (self.joined_groups_now(me).await?.into_iter())
                .filter(|g| g.activated)
                .map(|g| ListEntry {
                    id: format!("GROUP{}", g.group_id),
                    time: g.time,
                }),
        );
        list_page(entries, &self.accounts()?.recent()?, body)
    }

    /// `delete`: removes a one-to-one conversation from the list; `ClearRamble: 1` also
    /// deletes its messages from the user's inbox.
    fn recent_delete(&self, body: &Value) -> Result<Value, ImError> {
        let id = recent::contact(body)?;
        let clear = match body.get("ClearRamble") {
            None | Some(Value::Null) => false,
            Some(v) => match v.as_u64() {
                Some(0) => false,
                Some(1) => true,
                _ => return Err(invalid("ClearRamble must be 0 or 1")),
            },
        };
        let Some(peer) = id.strip_prefix("C2C") else {
            return Err(invalid(
                "edgechat keeps a group's conversation while its member stays in the group: \
                 deleting a group conversation (Type 2) is not supported yet",
            ));
        };
        if clear {
            self.clear_history(peer, None)?;
        }
        self.delete_conversation(peer)?;
        Ok(json!({}))
    }
}
