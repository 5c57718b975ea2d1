//! The user object's after-callbacks: kept in its SQLite in the order they happened and sent
//! from its alarm, each until the app answers 2xx (at least once; in order, a failed one holds
//! the later ones back), then given up after `inbox::outbox::MAX_ATTEMPTS` into a dead-letter
//! table (`callback_dead`) and the log, where an operator reads them.

use super::{now_secs, UserDo};
use crate::callback::after_send::{self, taken};
use crate::callback::{AFTER_TIMEOUT_MS, C2C_AFTER_SEND};
use crate::inbox::outbox::{after_failure, Next};
use edgechat_proto::message::StoredMessage;
use edgechat_proto::ImError;
use serde::Deserialize;

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS callback_out (n INTEGER PRIMARY KEY AUTOINCREMENT, command TEXT NOT NULL, platform TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL, due INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS callback_dead (n INTEGER PRIMARY KEY, command TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL, failed_at INTEGER NOT NULL, last TEXT NOT NULL)";

#[derive(Deserialize)]
struct Queued {
    n: f64,
    command: String,
    platform: String,
    body: String,
    attempts: f64,
    due: f64,
}

fn internal(e: impl std::fmt::Display) -> ImError {
    ImError::Internal(format!("callback queue: {e}"))
}

/// The `limit` oldest queued callbacks.
fn oldest(sql: &worker::SqlStorage, limit: i64) -> Result<Vec<Queued>, ImError> {
    sql.exec(
        "SELECT n, command, platform, body, attempts, due FROM callback_out ORDER BY n LIMIT ?",
        vec![limit.into()],
    )
    .and_then(|c| c.to_array())
    .map_err(internal)
}

impl UserDo {
    fn callback_sql(&self) -> Result<worker::SqlStorage, ImError> {
        let sql = self.state.storage().sql();
        sql.exec(SCHEMA, None).map_err(internal)?;
        Ok(sql)
    }

    /// Queues `C2C.CallbackAfterSendMsg` for the delivered `msg` when the app wants it
    /// (`platform`: the send's `OptPlatform`; `None`: no callback). Best effort: a queue that
    /// cannot be written does not fail the send that already happened.
    pub(super) async fn after_send(
        &self,
        msg: &StoredMessage,
        online_only: bool,
        platform: Option<&str>,
    ) {
        let Some(platform) = platform else {
            return;
        };
        let on = self
            .config()
            .ok()
            .and_then(|c| c.callback.as_ref())
            .is_some_and(|c| c.enabled(C2C_AFTER_SEND));
        if !on {
            return;
        }
        let body = after_send::body(msg, online_only, now_secs().saturating_mul(1000));
        if let Err(e) = self
            .queue_callback(C2C_AFTER_SEND, platform, &body.to_string())
            .await
        {
            worker::console_error!("{e}");
        }
    }

    async fn queue_callback(
        &self,
        command: &str,
        platform: &str,
        body: &str,
    ) -> Result<(), ImError> {
        let now = now_secs();
        self.callback_sql()?
            .exec(
                "INSERT INTO callback_out (command, platform, body, attempts, due) VALUES (?, ?, ?, 0, ?)",
                vec![command.into(), platform.into(), body.into(), (now as i64).into()],
            )
            .map_err(internal)?;
        self.alarm_by(now).await
    }

    /// The alarm: sends the queued callbacks that are due, oldest first, stopping at the first
    /// the app does not take (it is tried again later, and the rest wait behind it). Answers
    /// when the next one is due.
    pub(super) async fn send_callbacks(&self) -> Result<Option<u64>, ImError> {
        let Some(callback) = self.config()?.callback.clone() else {
            return Ok(None);
        };
        let sdkappid = self.config()?.sdkappid;
        let sql = self.callback_sql()?;
        let queued = oldest(&sql, 100)?;
        let now = now_secs();
        for row in queued {
            if row.due as u64 > now {
                return Ok(Some(row.due as u64));
            }
            let body: serde_json::Value = serde_json::from_str(&row.body).map_err(internal)?;
            let answer = crate::edge::callback::post(
                &callback,
                sdkappid,
                &row.command,
                &row.platform,
                &body,
                AFTER_TIMEOUT_MS,
            )
            .await;
            let n = row.n as i64;
            if answer.as_ref().is_some_and(|(status, _)| taken(*status)) {
                sql.exec("DELETE FROM callback_out WHERE n = ?", vec![n.into()])
                    .map_err(internal)?;
                continue;
            }
            let attempts = row.attempts as u32 + 1;
            let last = answer.map_or_else(
                || "no answer in time".to_owned(),
                |(s, t)| format!("HTTP {s}: {t}"),
            );
            match after_failure(attempts, now) {
                Next::RetryAt(due) => {
                    sql.exec(
                        "UPDATE callback_out SET attempts = ?, due = ? WHERE n = ?",
                        vec![i64::from(attempts).into(), (due as i64).into(), n.into()],
                    )
                    .map_err(internal)?;
                    return Ok(Some(due));
                }
                Next::GiveUp => {
                    worker::console_error!(
                        "callback dead letter: {} after {attempts} attempts ({last}): {}",
                        row.command,
                        row.body
                    );
                    sql.exec(
                        "INSERT INTO callback_dead (n, command, body, attempts, failed_at, last) VALUES (?, ?, ?, ?, ?, ?)",
                        vec![n.into(), row.command.as_str().into(), row.body.as_str().into(), i64::from(attempts).into(), (now as i64).into(), last.into()],
                    )
                    .map_err(internal)?;
                    sql.exec("DELETE FROM callback_out WHERE n = ?", vec![n.into()])
                        .map_err(internal)?;
                }
            }
        }
        Ok(oldest(&sql, 1)?.first().map(|row| row.due as u64))
    }
}
