//! The [`InboxStore`] on a Durable Object's SQLite storage.

use super::{ConversationRow, InboxStore};
use edgechat_proto::message::{MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use serde_json::Value;
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
  ccd TEXT NOT NULL,
  opi TEXT,
  recalled INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  nick TEXT NOT NULL DEFAULT '',
  avatar TEXT NOT NULL DEFAULT '',
  receipt INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS inbox_by_peer ON inbox(peer, seq);
CREATE INDEX IF NOT EXISTS inbox_dedupe ON inbox(sender, receiver, random, time);
CREATE INDEX IF NOT EXISTS inbox_by_key ON inbox(peer, msg_key);
CREATE INDEX IF NOT EXISTS inbox_by_time ON inbox(time);
CREATE TABLE IF NOT EXISTS inbox_meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS conversation (
  peer TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL,
  unread INTEGER NOT NULL,
  read_seq INTEGER NOT NULL,
  peer_read_time INTEGER NOT NULL,
  time INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS conversation_by_time ON conversation(time, last_seq);
";

const COLUMNS: &str =
    "seq, sender, receiver, random, time, msg_key, body, ccd, opi, recalled, deleted, nick, avatar, receipt";

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
    opi: Option<String>,
    recalled: f64,
    deleted: f64,
    nick: String,
    avatar: String,
    /// Bit 0: a read receipt was asked for; bit 1: the receiver sent it.
    receipt: f64,
}

/// The `receipt` column of a message.
fn receipt_bits(msg: &StoredMessage) -> SqlStorageValue {
    int(u64::from(msg.need_read_receipt) | (u64::from(msg.receipt_read) << 1))
}

#[derive(Deserialize)]
struct ConvRow {
    peer: String,
    last_seq: f64,
    unread: f64,
    read_seq: f64,
    peer_read_time: f64,
    time: f64,
}

fn internal(e: impl std::fmt::Display) -> ImError {
    ImError::Internal(format!("inbox storage: {e}"))
}

impl Row {
    fn into_message(self) -> Result<StoredMessage, ImError> {
        let body: Vec<MsgElem> = serde_json::from_str(&self.body).map_err(internal)?;
        let opi: Option<Value> = match self.opi {
            Some(t) => Some(serde_json::from_str(&t).map_err(internal)?),
            None => None,
        };
        Ok(StoredMessage {
            need_read_receipt: self.receipt as u64 & 1 != 0,
            receipt_read: self.receipt as u64 & 2 != 0,
            seq: self.seq as u64,
            from: UserId::parse(&self.sender)?,
            to: UserId::parse(&self.receiver)?,
            random: self.random as u32,
            time: self.time as u64,
            msg_key: self.msg_key,
            msg_body: body,
            cloud_custom_data: self.ccd,
            offline_push_info: opi,
            recalled: self.recalled != 0.0,
            deleted: self.deleted != 0.0,
            nick: self.nick,
            avatar: self.avatar,
        })
    }
}

fn int(v: u64) -> SqlStorageValue {
    // SQLite integers are i64; our values (seq, unix time, u32 random) fit.
    SqlStorageValue::from(i64::try_from(v).unwrap_or(i64::MAX))
}

fn opi_text(msg: &StoredMessage) -> SqlStorageValue {
    msg.offline_push_info.as_ref().map(Value::to_string).into()
}

impl SqlInbox {
    /// Opens the inbox, creating its tables on first use.
    pub fn open(sql: SqlStorage) -> Result<Self, ImError> {
        // Inboxes made before these columns existed gain them; the error for a column that
        // is already there is expected and ignored.
        for column in [
            "opi TEXT",
            "recalled INTEGER NOT NULL DEFAULT 0",
            "deleted INTEGER NOT NULL DEFAULT 0",
            "nick TEXT NOT NULL DEFAULT ''",
            "avatar TEXT NOT NULL DEFAULT ''",
            "receipt INTEGER NOT NULL DEFAULT 0",
        ] {
            let _ = sql.exec(&format!("ALTER TABLE inbox ADD COLUMN {column}"), None);
        }
        sql.exec(SCHEMA, None).map_err(internal)?;
        // One message per MsgKey and conversation (`store_once` checks first; this holds it
        // in storage). An inbox written before the rule may hold a duplicate key, and then
        // keeps the plain index.
        let _ = sql.exec(
            "CREATE UNIQUE INDEX IF NOT EXISTS inbox_key_unique ON inbox(peer, msg_key)",
            None,
        );
        sql.exec(
            "INSERT OR IGNORE INTO inbox_meta (k, v) SELECT 'max_seq', coalesce(max(seq), 0) FROM inbox",
            None,
        )
        .map_err(internal)?;
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

    fn one(
        &self,
        query: &str,
        args: Vec<SqlStorageValue>,
    ) -> Result<Option<StoredMessage>, ImError> {
        Ok(self.rows(query, args)?.into_iter().next())
    }

    fn meta(&self, key: &str) -> Result<u64, ImError> {
        #[derive(Deserialize)]
        struct V {
            v: f64,
        }
        let rows: Vec<V> = self
            .sql
            .exec("SELECT v FROM inbox_meta WHERE k = ?", vec![key.into()])
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(rows.first().map_or(0, |r| r.v as u64))
    }
}

impl InboxStore for SqlInbox {
    fn max_seq(&self) -> Result<u64, ImError> {
        // The counter survives purges that delete the newest rows' predecessors.
        self.meta("max_seq")
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
        self.one(
            &q,
            vec![
                from.as_str().into(),
                to.as_str().into(),
                int(random.into()),
                int(since),
            ],
        )
    }

    fn append(&self, mut msg: StoredMessage, peer: &UserId) -> Result<StoredMessage, ImError> {
        let body = serde_json::to_string(&msg.msg_body).map_err(internal)?;
        #[derive(Deserialize)]
        struct Seq {
            v: f64,
        }
        // No await between these statements: the counter and the row commit together.
        let seq: Seq = self
            .sql
            .exec(
                "INSERT INTO inbox_meta (k, v) VALUES ('max_seq', 1)
                 ON CONFLICT(k) DO UPDATE SET v = v + 1 RETURNING v",
                None,
            )
            .and_then(|c| c.one())
            .map_err(internal)?;
        msg.seq = seq.v as u64;
        self.sql
            .exec(
                "INSERT INTO inbox (seq, peer, sender, receiver, random, time, msg_key, body, ccd, opi, recalled, deleted, nick, avatar, receipt)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                vec![
                    int(msg.seq),
                    peer.as_str().into(),
                    msg.from.as_str().into(),
                    msg.to.as_str().into(),
                    int(msg.random.into()),
                    int(msg.time),
                    msg.msg_key.as_str().into(),
                    body.into(),
                    msg.cloud_custom_data.as_str().into(),
                    opi_text(&msg),
                    int(msg.recalled.into()),
                    int(msg.deleted.into()),
                    msg.nick.as_str().into(),
                    msg.avatar.as_str().into(),
                    receipt_bits(&msg),
                ],
            )
            .map_err(internal)?;
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
            vec![
                peer.as_str().into(),
                int(before),
                int(limit.min(i64::MAX as usize) as u64),
            ],
        )
    }

    fn around_time(
        &self,
        peer: &UserId,
        time: u64,
        newer: bool,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, ImError> {
        let q = if newer {
            format!(
                "SELECT {COLUMNS} FROM inbox WHERE peer = ? AND time >= ? ORDER BY seq ASC LIMIT ?"
            )
        } else {
            format!("SELECT {COLUMNS} FROM inbox WHERE peer = ? AND time <= ? ORDER BY seq DESC LIMIT ?")
        };
        self.rows(
            &q,
            vec![
                peer.as_str().into(),
                int(time),
                int(limit.min(i64::MAX as usize) as u64),
            ],
        )
    }

    fn by_key(&self, peer: &UserId, key: &str) -> Result<Option<StoredMessage>, ImError> {
        let q = format!("SELECT {COLUMNS} FROM inbox WHERE peer = ? AND msg_key = ? LIMIT 1");
        self.one(&q, vec![peer.as_str().into(), key.into()])
    }

    fn by_seq(&self, seq: u64) -> Result<Option<StoredMessage>, ImError> {
        let q = format!("SELECT {COLUMNS} FROM inbox WHERE seq = ?");
        self.one(&q, vec![int(seq)])
    }

    fn replace(&self, msg: &StoredMessage) -> Result<(), ImError> {
        let body = serde_json::to_string(&msg.msg_body).map_err(internal)?;
        self.sql
            .exec(
                "UPDATE inbox SET body = ?, ccd = ?, opi = ?, recalled = ?, deleted = ?, receipt = ? WHERE seq = ?",
                vec![
                    body.into(),
                    msg.cloud_custom_data.as_str().into(),
                    opi_text(msg),
                    int(msg.recalled.into()),
                    int(msg.deleted.into()),
                    receipt_bits(msg),
                    int(msg.seq),
                ],
            )
            .map(|_| ())
            .map_err(internal)
    }

    fn purge_before(&self, time: u64) -> Result<(), ImError> {
        self.sql
            .exec("DELETE FROM inbox WHERE time < ?", vec![int(time)])
            .map(|_| ())
            .map_err(internal)
    }

    fn conversation(&self, peer: &UserId) -> Result<Option<ConversationRow>, ImError> {
        let rows: Vec<ConvRow> = self
            .sql
            .exec(
                "SELECT * FROM conversation WHERE peer = ?",
                vec![peer.as_str().into()],
            )
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        rows.into_iter().next().map(ConvRow::into_row).transpose()
    }

    fn put_conversation(&self, row: &ConversationRow) -> Result<(), ImError> {
        self.sql
            .exec(
                "INSERT INTO conversation (peer, last_seq, unread, read_seq, peer_read_time, time)
                 VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT(peer) DO UPDATE SET last_seq = excluded.last_seq, unread = excluded.unread,
                   read_seq = excluded.read_seq, peer_read_time = excluded.peer_read_time, time = excluded.time",
                vec![
                    row.peer.as_str().into(),
                    int(row.last_seq),
                    int(row.unread.into()),
                    int(row.read_seq),
                    int(row.peer_read_time),
                    int(row.time),
                ],
            )
            .map(|_| ())
            .map_err(internal)
    }

    fn remove_conversation(&self, peer: &UserId) -> Result<(), ImError> {
        self.sql
            .exec(
                "DELETE FROM conversation WHERE peer = ?",
                vec![peer.as_str().into()],
            )
            .map(|_| ())
            .map_err(internal)
    }

    fn conversations(&self, limit: usize) -> Result<Vec<ConversationRow>, ImError> {
        let rows: Vec<ConvRow> = self
            .sql
            .exec(
                "SELECT * FROM conversation ORDER BY time DESC, last_seq DESC LIMIT ?",
                vec![int(limit.min(i64::MAX as usize) as u64)],
            )
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        rows.into_iter().map(ConvRow::into_row).collect()
    }
}

impl ConvRow {
    fn into_row(self) -> Result<ConversationRow, ImError> {
        Ok(ConversationRow {
            peer: UserId::parse(&self.peer)?,
            last_seq: self.last_seq as u64,
            unread: self.unread as u32,
            read_seq: self.read_seq as u64,
            peer_read_time: self.peer_read_time as u64,
            time: self.time as u64,
        })
    }
}
