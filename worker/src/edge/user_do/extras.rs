//! One-to-one message extensions and reactions in a user's object. The user whose ID sorts
//! first keeps a conversation's extras (`inbox::extras::keeper`): a command from the other
//! user goes to the keeper's object, and every change is told to both users' sessions.

use super::messages::parse_peer;
use super::UserDo;
use crate::inbox::extras::{self, keeper, Outcome};
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use serde_json::{json, Value};

/// The internal path a command arrives on at the keeper's object.
pub(super) const EXTRAS_PATH: &str = "/extras";
/// The internal path a change is told on to the other user's object.
pub(super) const CHANGED_PATH: &str = "/extras_changed";

/// A command run at the keeper for someone else: the other user of the conversation, or an
/// app admin through REST (`tell_peer`: the keeper tells the other user too).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ExtrasCall {
    pub peer: UserId,
    pub actor: String,
    pub op: String,
    pub body: Value,
    #[serde(default)]
    pub tell_peer: bool,
}

impl UserDo {
    fn extras_here(
        &self,
        peer: &UserId,
        actor: &str,
        op: &str,
        body: &Value,
    ) -> Result<Outcome, ImError> {
        extras::run(self.inbox()?, self.accounts()?, peer, actor, op, body)
    }

    fn tell_sessions(&self, notice: &Value) {
        let frame = ServerFrame::ExtrasChanged {
            notice: notice.clone(),
        };
        self.broadcast(&frame, None);
    }

    /// A client's `extras` frame: the command on a message of the conversation with `peer`.
    pub(super) async fn extras_command(
        &self,
        me: &UserId,
        peer: &str,
        op: &str,
        body: Value,
    ) -> Result<Value, ImError> {
        let peer = parse_peer(peer)?;
        if keeper(me, &peer) == me {
            let out = self.extras_here(&peer, me.as_str(), op, &body)?;
            if let Some(n) = &out.notice {
                self.tell_sessions(n);
                if &peer != me {
                    self.call_user(peer.as_str(), CHANGED_PATH, n.clone())
                        .await?;
                }
            }
            return Ok(out.reply);
        }
        let call = json!({ "peer": me, "actor": me, "op": op, "body": body });
        let answer = self.call_user(peer.as_str(), EXTRAS_PATH, call).await?;
        if let Some(n) = answer.get("notice").filter(|n| !n.is_null()) {
            self.tell_sessions(n);
        }
        Ok(answer["reply"].clone())
    }

    /// `EXTRAS_PATH`: runs a command here, the keeper, and tells this user's sessions.
    pub(super) async fn extras_call(&self, call: ExtrasCall) -> Result<Value, ImError> {
        let out = self.extras_here(&call.peer, &call.actor, &call.op, &call.body)?;
        if let Some(n) = &out.notice {
            self.tell_sessions(n);
            if call.tell_peer {
                self.call_user(call.peer.as_str(), CHANGED_PATH, n.clone())
                    .await?;
            }
        }
        Ok(json!({ "reply": out.reply, "notice": out.notice }))
    }

    /// `CHANGED_PATH`: the keeper changed a message of ours; this user's sessions hear it.
    pub(super) fn extras_changed(&self, notice: &Value) -> Result<Value, ImError> {
        self.tell_sessions(notice);
        Ok(json!({}))
    }
}
