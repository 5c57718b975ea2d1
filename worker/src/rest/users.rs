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
}

impl UserOp {
    pub fn path(self) -> &'static str {
        match self {
            UserOp::Import => "/import",
            UserOp::Check => "/check",
            UserOp::Delete => "/delete",
            UserOp::Kick => "/kick",
            UserOp::Status => "/status",
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

#[cfg(test)]
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
    }

    impl Users for FakeUsers {
        async fn call(&self, user: &UserId, op: UserOp, body: Value) -> Result<Value, ImError> {
            let id = user.to_string();
            let imported = self.imported.borrow().contains_key(&id);
            if !imported && matches!(op, UserOp::Delete | UserOp::Kick | UserOp::Status) {
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
