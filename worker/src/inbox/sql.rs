//! The [`InboxStore`] on a Durable Object's SQLite storage.

use super::InboxStore;
use edgechat_proto::message::{MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use worker::{SqlStorage, SqlStorageValue};

pub struct SqlInbox {
    sql: SqlStorage,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS inbox (
  seq INTEGER PRIMARY KEY,
  peer TEXT NOT NULL,
  sender TEXT NOT NULL,
  receiver TEXT NOT NULL,
  random INTEGER NOT NULL,
  time INTEGER NOT NULL,
  msg_key TEXT NOT NULL,
  body TEXT NOT NULL,
  ccd TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS inbox_by_peer ON inbox(peer, seq);
CREATE INDEX IF NOT EXISTS inbox_dedupe ON inbox(sender, receiver, random, time);
";

const COLUMNS: &str = "seq, sender, receiver, random, time, msg_key, body, ccd";

#[derive(Deserialize)]
struct Row {
    seq: f64,
    sender: String,
    receiver: String,
    random: f64,
    time: f64,
    msg_key: String,
    body: String,
    ccd: String,
}

fn internal(e: impl std::fmt::Display) -> ImError {
    ImError::Internal(format!("inbox storage: {e}"))
}

impl Row {
    fn into_message(self) -> Result<StoredMessage, ImError> {
        let body: Vec<MsgElem> = serde_json::from_str(&self.body).map_err(internal)?;
        Ok(StoredMessage {
            seq: self.seq as u64,
            from: UserId::parse(&self.sender)?,
            to: UserId::parse(&self.receiver)?,
            random: self.random as u32,
            time: self.time as u64,
            msg_key: self.msg_key,
            msg_body: body,
            cloud_custom_data: self.ccd,
        })
    }
}

fn int(v: u64) -> SqlStorageValue {
    // SQLite integers are i64; our values (seq, unix time, u32 random) fit.
    SqlStorageValue::from(i64::try_from(v).unwrap_or(i64::MAX))
}

impl SqlInbox {
    /// Opens the inbox, creating its tables on first use.
    pub fn open(sql: SqlStorage) -> Result<Self, ImError> {
        sql.exec(SCHEMA, None).map_err(internal)?;
        Ok(SqlInbox { sql })
    }

    fn rows(&self, query: &str, args: Vec<SqlStorageValue>) -> Result<Vec<StoredMessage>, ImError> {
        self.sql
            .exec(query, args)
            .and_then(|c| c.to_array::<Row>())
            .map_err(internal)?
            .into_iter()
            .map(Row::into_message)
            .collect()
    }
}

impl InboxStore for SqlInbox {
    fn max_seq(&self) -> Result<u64, ImError> {
        #[derive(Deserialize)]
        struct Max {
            m: f64,
        }
        let max: Max = self
            .sql
            .exec("SELECT coalesce(max(seq), 0) AS m FROM inbox", None)
            .and_then(|c| c.one())
            .map_err(internal)?;
        Ok(max.m as u64)
    }

    fn find_recent(
        &self,
        from: &UserId,
        to: &UserId,
        random: u32,
        since: u64,
    ) -> Result<Option<StoredMessage>, ImError> {
        let q = format!(
            "SELECT {COLUMNS} FROM inbox WHERE sender = ? AND receiver = ? AND random = ? AND time >= ? ORDER BY seq LIMIT 1"
        );
        let args = vec![
            from.as_str().into(),
            to.as_str().into(),
            int(random.into()),
            int(since),
        ];
        Ok(self.rows(&q, args)?.into_iter().next())
    }

    fn append(&self, mut msg: StoredMessage, peer: &UserId) -> Result<StoredMessage, ImError> {
        // One statement: the seq is computed and the row inserted atomically.
        let body = serde_json::to_string(&msg.msg_body).map_err(internal)?;
        #[derive(Deserialize)]
        struct Seq {
            seq: f64,
        }
        let seq: Seq = self
            .sql
            .exec(
                "INSERT INTO inbox (seq, peer, sender, receiver, random, time, msg_key, body, ccd)
                 VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM inbox), ?, ?, ?, ?, ?, ?, ?, ?)
                 RETURNING seq",
                vec![
                    peer.as_str().into(),
                    msg.from.as_str().into(),
                    msg.to.as_str().into(),
                    int(msg.random.into()),
                    int(msg.time),
                    msg.msg_key.as_str().into(),
                    body.into(),
                    msg.cloud_custom_data.as_str().into(),
                ],
            )
            .and_then(|c| c.one())
            .map_err(internal)?;
        msg.seq = seq.seq as u64;
        Ok(msg)
    }

    fn after(&self, after: u64, limit: usize) -> Result<Vec<StoredMessage>, ImError> {
        let q = format!("SELECT {COLUMNS} FROM inbox WHERE seq > ? ORDER BY seq LIMIT ?");
        self.rows(&q, vec![int(after), int(limit as u64)])
    }

    fn before(
        &self,
        peer: &UserId,
        before: Option<u64>,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, ImError> {
        let q = format!(
            "SELECT {COLUMNS} FROM inbox WHERE peer = ? AND seq < ? ORDER BY seq DESC LIMIT ?"
        );
        let before = before.unwrap_or(i64::MAX as u64);
        self.rows(
            &q,
            vec![peer.as_str().into(), int(before), int(limit as u64)],
        )
    }
}
