//! How REST commands reach users: each user's object answers a few internal calls. The trait
//! lets the command logic run against a fake in tests and against Durable Objects in the worker.

use edgechat_proto::{ImError, UserId};
use serde_json::Value;

/// An internal call on one user's object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserOp {
    /// Body: `{"Nick", "FaceUrl"}`.
    Import,
    /// Answers `{"imported": bool}`.
    Check,
    Delete,
    Kick,
    /// Answers `{"Status", "Detail"}`.
    Status,
    /// Sends as this user (body: `/send_as`); answers the receiver's stored copy.
    SendAs,
    /// Stores an imported message in this user's inbox.
    ImportMsg,
    /// Recalls a message as an admin.
    AdminRecall,
    /// Modifies a message as an admin (`modify_c2c_msg`).
    AdminModify,
    /// Marks a conversation read.
    AdminRead,
    /// A page of history (`admin_getroammsg`).
    Roam,
    /// Unread counts.
    Unread,
    /// A profile/sns command run as this user: `{me, cmd, body}`.
    Sns,
    /// This user's profile fields: `{tags}`.
    Profile,
    /// A `recentcontact/*` command for this user: `{me, cmd, body}`.
    Recent,
    /// A one-to-one message extension command at the conversation's keeper:
    /// `{peer, actor, op, body, tellPeer}`; answers `{reply, notice}`.
    Extras,
}

impl UserOp {
    pub fn path(self) -> &'static str {
        match self {
            UserOp::Import => "/import",
            UserOp::Check => "/check",
            UserOp::Delete => "/delete",
            UserOp::Kick => "/kick",
            UserOp::Status => "/status",
            UserOp::SendAs => "/send_as",
            UserOp::ImportMsg => "/import_msg",
            UserOp::AdminRecall => "/admin_recall",
            UserOp::AdminModify => "/admin_modify",
            UserOp::AdminRead => "/admin_read",
            UserOp::Roam => "/roam",
            UserOp::Unread => "/unread",
            UserOp::Sns => "/sns/cmd",
            UserOp::Profile => "/sns/profile",
            UserOp::Recent => "/recent/cmd",
            UserOp::Extras => "/extras",
        }
    }
}

// Workers run on one thread: the futures need not be Send.
#[allow(async_fn_in_trait)]
pub trait Users {
    /// Runs `op` on `user`'s object.
    async fn call(&self, user: &UserId, op: UserOp, body: Value) -> Result<Value, ImError>;

    /// Runs `op` on each user, concurrently where the platform allows; results in order.
    async fn call_each(
        &self,
        users: &[UserId],
        op: UserOp,
        body: Value,
    ) -> Vec<Result<Value, ImError>> {
        let calls = users.iter().map(|u| self.call(u, op, body.clone()));
        futures_util::future::join_all(calls).await
    }

    /// Runs `op` on each user with that user's own body; results in order.
    async fn call_each_with(
        &self,
        calls: &[(UserId, Value)],
        op: UserOp,
    ) -> Vec<Result<Value, ImError>> {
        let calls = calls.iter().map(|(u, body)| self.call(u, op, body.clone()));
        futures_util::future::join_all(calls).await
    }
}

#[cfg(any(test, feature = "fuzzing"))]
pub mod fake {
    //! An in-memory stand-in for the user objects.
    use super::*;
    use serde_json::json;
    use std::cell::RefCell;
    use std::collections::{BTreeMap, BTreeSet};

    #[derive(Default)]
    pub struct FakeUsers {
        pub imported: RefCell<BTreeMap<String, Value>>,
        pub online: RefCell<BTreeSet<String>>,
        pub kicked: RefCell<Vec<String>>,
        /// Bodies of the message calls made, in order.
        pub sent: RefCell<Vec<Value>>,
    }

    impl Users for FakeUsers {
        async fn call(&self, user: &UserId, op: UserOp, body: Value) -> Result<Value, ImError> {
            let id = user.to_string();
            let imported = self.imported.borrow().contains_key(&id);
            if !imported
                && matches!(
                    op,
                    UserOp::Delete | UserOp::Kick | UserOp::Status | UserOp::Unread
                )
            {
                return Err(ImError::AccountNotImported(id));
            }
            Ok(match op {
                UserOp::Import => {
                    self.imported.borrow_mut().insert(id, body);
                    json!({})
                }
                UserOp::Check => json!({ "imported": self.imported.borrow().contains_key(&id) }),
                UserOp::Delete => {
                    self.imported.borrow_mut().remove(&id);
                    self.online.borrow_mut().remove(&id);
                    json!({})
                }
                UserOp::Kick => {
                    self.kicked.borrow_mut().push(id.clone());
                    self.online.borrow_mut().remove(&id);
                    json!({})
                }
                UserOp::SendAs => {
                    self.sent.borrow_mut().push(body.clone());
                    json!({ "seq": 1, "from": body["from"], "to": body["to"], "random": body["random"], "time": 100,
                            "msgKey": format!("{}_{}_100", body["msgSeq"].as_u64().unwrap_or(1), body["random"]),
                            "msgBody": body["msgBody"], "cloudCustomData": "" })
                }
                UserOp::ImportMsg
                | UserOp::AdminRecall
                | UserOp::AdminRead
                | UserOp::AdminModify => {
                    self.sent
                        .borrow_mut()
                        .push(json!({ "op": op.path(), "body": body }));
                    json!({})
                }
                UserOp::Recent => {
                    self.sent
                        .borrow_mut()
                        .push(json!({ "op": op.path(), "body": body }));
                    json!({})
                }
                UserOp::Extras => {
                    self.sent
                        .borrow_mut()
                        .push(json!({ "op": op.path(), "user": id, "body": body }));
                    json!({ "reply": { "keeper": id }, "notice": null })
                }
                UserOp::Sns | UserOp::Profile => {
                    self.sent
                        .borrow_mut()
                        .push(json!({ "op": op.path(), "body": body }));
                    json!({ "ProfileItem": [] })
                }
                UserOp::Roam => json!({ "messages": [], "complete": true, "peerReadTime": 0 }),
                UserOp::Unread => json!({ "all": 3, "peers": [{ "peer": "a", "unread": 3 }] }),
                UserOp::Status => {
                    if self.online.borrow().contains(&id) {
                        json!({ "Status": "Online", "Detail": [{ "Platform": "Web", "Status": "Online" }] })
                    } else {
                        json!({ "Status": "Offline", "Detail": [] })
                    }
                }
            })
        }
    }

    /// Runs a future that never waits (the fake answers at once).
    pub fn run<F: std::future::Future>(f: F) -> F::Output {
        futures_executor::block_on(f)
    }
}
