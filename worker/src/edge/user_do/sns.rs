//! The relationship commands (`crate::sns`) in a user's object: opens the SQL store, carries
//! `PeerCall`s to other users' objects and tells this user's sessions what changed.

use super::UserDo;
use crate::edge::platform::now_secs;
use crate::sns::service::{self, Effects, PeerCall, Peers, Sns};
use crate::sns::sql::SqlSns;
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use serde_json::{json, Value};

/// The internal path a peer call arrives on, as a `PeerCallTo`.
pub(super) const PEER_PATH: &str = "/sns/peer";

/// A peer call with the user it is for (the object answers as that user).
#[derive(Deserialize)]
pub(super) struct PeerCallTo {
    pub me: UserId,
    pub call: PeerCall,
}

/// Other users, reached through their objects.
struct UserPeers<'a>(&'a UserDo);

impl Peers for UserPeers<'_> {
    async fn call(&self, to: &str, call: &PeerCall) -> Result<Value, ImError> {
        // The same fields as `PeerCallTo`, without copying the call.
        let body = json!({ "me": UserId::parse(to)?, "call": call });
        self.0.call_user(to, PEER_PATH, body).await
    }
}

impl UserDo {
    pub(super) fn sns(&self) -> Result<&SqlSns, ImError> {
        self.sns.as_ref().map_err(Clone::clone)
    }

    /// Tells this user's sessions which lists changed.
    fn carry_out(&self, fx: Effects) -> Value {
        for c in &fx.changed {
            let frame = ServerFrame::SnsUpdate {
                what: c.what().to_owned(),
                user_id: c.user().map(str::to_owned),
            };
            self.broadcast(&frame, None);
        }
        fx.reply
    }

    /// Runs the relationship command `cmd` as `me` with a Tencent-shaped `body`; `by_admin`
    /// when an app admin asks through the REST API (admin-only fields may be written).
    pub(super) async fn sns_command(
        &self,
        me: &UserId,
        cmd: &str,
        body: &Value,
        by_admin: bool,
    ) -> Result<Value, ImError> {
        let peers = UserPeers(self);
        let mut sns = Sns::new(self.sns()?, &peers, me, self.config()?);
        sns.now = now_secs();
        sns.by_admin = by_admin;
        let fx = service::run(&sns, cmd, body).await?;
        Ok(self.carry_out(fx))
    }

    /// Another user's call (`PEER_PATH`).
    pub(super) fn sns_peer_call(&self, to: PeerCallTo) -> Result<Value, ImError> {
        let peers = UserPeers(self);
        let mut sns = Sns::new(self.sns()?, &peers, &to.me, self.config()?);
        sns.now = now_secs();
        sns.imported = self.accounts()?.is_imported()?;
        let fx = service::on_peer_call(&sns, to.call)?;
        Ok(self.carry_out(fx))
    }
}
