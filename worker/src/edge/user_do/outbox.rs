//! The user object's outbox (`inbox::outbox`): one-to-one deliveries whose answer never came,
//! kept in its SQLite and sent again from its alarm until the receiver answers; then the
//! sender's copy is stored and pushed to the sender's sessions.

use super::messages::Delivery;
use super::{now_secs, UserDo};
use crate::inbox::outbox::{after_failure, outcome_unknown, Next};
use crate::inbox::{store_once, Counting};
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::message::StoredMessage;
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use std::time::Duration;

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS outbox (msg_key TEXT PRIMARY KEY, peer TEXT NOT NULL, delivery TEXT NOT NULL, keep_copy INTEGER NOT NULL, attempts INTEGER NOT NULL, due INTEGER NOT NULL)";

#[derive(Deserialize)]
struct Kept {
    msg_key: String,
    peer: String,
    delivery: String,
    keep_copy: f64,
    attempts: f64,
}

#[derive(Deserialize)]
struct Due {
    due: Option<f64>,
}

fn internal(e: impl std::fmt::Display) -> ImError {
    ImError::Internal(format!("outbox: {e}"))
}

impl UserDo {
    fn outbox_sql(&self) -> Result<worker::SqlStorage, ImError> {
        let sql = self.state.storage().sql();
        sql.exec(SCHEMA, None).map_err(internal)?;
        Ok(sql)
    }

    /// Delivers `d` to `to`. When the answer is lost (the receiver may have stored it), tries
    /// once more at once, then keeps the delivery for the alarm and answers the error: the
    /// message will be in both inboxes or in neither, never in the receiver's alone.
    pub(super) async fn deliver_kept(
        &self,
        to: &UserId,
        d: &Delivery,
        keep_copy: bool,
    ) -> Result<StoredMessage, ImError> {
        match self.deliver_to(to, d).await {
            Err(e) if outcome_unknown(&e) => {}
            answered => return answered,
        }
        let e = match self.deliver_to(to, d).await {
            Err(again) if outcome_unknown(&again) => again,
            answered => return answered,
        };
        self.keep(to, d, keep_copy, 1).await?;
        Err(ImError::Internal(format!(
            "the receiver's answer was lost ({e}); the server keeps the message and delivers it again, so it is sent at most once"
        )))
    }

    async fn keep(
        &self,
        to: &UserId,
        d: &Delivery,
        keep_copy: bool,
        attempts: u32,
    ) -> Result<(), ImError> {
        let Next::RetryAt(due) = after_failure(attempts, now_secs()) else {
            return Ok(());
        };
        let delivery = serde_json::to_string(d).map_err(internal)?;
        self.outbox_sql()?
            .exec(
                "INSERT OR REPLACE INTO outbox (msg_key, peer, delivery, keep_copy, attempts, due) VALUES (?, ?, ?, ?, ?, ?)",
                vec![
                    d.message.msg_key.as_str().into(),
                    to.as_str().into(),
                    delivery.into(),
                    i64::from(keep_copy).into(),
                    i64::from(attempts).into(),
                    (due as i64).into(),
                ],
            )
            .map_err(internal)?;
        self.alarm_by(due).await
    }

    /// Makes the object's alarm ring by `due` (unix seconds): the outbox and the callback
    /// queue share the one alarm, so it is only ever moved earlier here (the alarm handler
    /// sets the next one itself).
    pub(super) async fn alarm_by(&self, due: u64) -> Result<(), ImError> {
        let storage = self.state.storage();
        let at_ms = due.saturating_mul(1000);
        if let Ok(Some(current)) = storage.get_alarm().await {
            if u64::try_from(current).is_ok_and(|c| c <= at_ms) {
                return Ok(());
            }
        }
        let wait = at_ms.saturating_sub(worker::Date::now().as_millis()).max(1);
        storage
            .set_alarm(Duration::from_millis(wait))
            .await
            .map_err(internal)
    }

    /// After the alarm: rings again at the earliest of `dues` (unix seconds), if any.
    pub(super) async fn alarm_next(&self, dues: &[Option<u64>]) -> Result<(), ImError> {
        let Some(due) = dues.iter().flatten().min() else {
            return Ok(());
        };
        let wait = due
            .saturating_mul(1000)
            .saturating_sub(worker::Date::now().as_millis())
            .max(1);
        self.state
            .storage()
            .set_alarm(Duration::from_millis(wait))
            .await
            .map_err(internal)
    }

    /// The alarm: sends every kept delivery that is due once more; what still fails is kept
    /// for later, or given up after `MAX_ATTEMPTS`. Answers when the next one is due.
    pub(super) async fn retry_outbox(&self) -> Result<Option<u64>, ImError> {
        let sql = self.outbox_sql()?;
        let now = now_secs();
        let due: Vec<Kept> = sql
            .exec(
                "SELECT msg_key, peer, delivery, keep_copy, attempts FROM outbox WHERE due <= ?",
                vec![(now as i64).into()],
            )
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        for row in due {
            let forget = || {
                sql.exec(
                    "DELETE FROM outbox WHERE msg_key = ?",
                    vec![row.msg_key.as_str().into()],
                )
                .map_err(internal)
            };
            let (Ok(d), Ok(to)) = (
                serde_json::from_str::<Delivery>(&row.delivery),
                UserId::parse(&row.peer),
            ) else {
                forget()?;
                continue;
            };
            match self.deliver_to(&to, &d).await {
                Ok(theirs) => {
                    forget()?;
                    if row.keep_copy != 0.0 {
                        self.store_own_copy(theirs, d.no_last_msg)?;
                    }
                }
                Err(e) if outcome_unknown(&e) => {
                    forget()?;
                    self.keep(&to, &d, row.keep_copy != 0.0, row.attempts as u32 + 1)
                        .await?;
                }
                // The receiver decided (it refuses now): nothing was stored anywhere.
                Err(_) => {
                    forget()?;
                }
            }
        }
        let next: Vec<Due> = sql
            .exec("SELECT min(due) AS due FROM outbox", None)
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(next.first().and_then(|n| n.due).map(|d| d as u64))
    }

    /// The sender's copy of a message the receiver now holds, pushed to every session.
    fn store_own_copy(&self, theirs: StoredMessage, no_last_msg: bool) -> Result<(), ImError> {
        let me = theirs.from.clone();
        let mine = Counting {
            unread: false,
            last_msg: !no_last_msg,
        };
        let limits = self.config()?.inbox_limits();
        let stored = store_once(self.inbox()?, &me, theirs, now_secs(), limits, mine)?;
        if stored.fresh {
            self.broadcast(
                &ServerFrame::Msg {
                    message: stored.message,
                },
                None,
            );
        }
        Ok(())
    }
}
