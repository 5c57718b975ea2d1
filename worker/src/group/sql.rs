//! [`GroupStore`] on a Durable Object's SQLite storage. The SEQ counter lives in its own
//! row and is bumped by the same synchronous run of statements that inserts the message, so
//! both commit together (a Durable Object commits the writes made between two awaits
//! atomically) and the counter survives eviction and restart.

use super::attrs::AttrState;
use super::model::{Application, GroupProfile, Member, Topic};
use super::pinned::PinnedState;
use super::pmg::PermissionGroup;
use super::store::GroupStore;
use edgechat_proto::extras::MessageExtras;
use edgechat_proto::group::GroupMessage;
use edgechat_proto::{ImError, UserId};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use worker::{SqlStorage, SqlStorageValue};

/// A handle on the object's storage: clones share it.
#[derive(Clone)]
pub struct SqlGroup {
    sql: SqlStorage,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS group_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_seq (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS group_member (
  user TEXT PRIMARY KEY,
  join_time INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS group_member_by_join ON group_member(join_time, user);
CREATE TABLE IF NOT EXISTS group_log (
  log TEXT NOT NULL,
  seq INTEGER NOT NULL,
  sender TEXT NOT NULL,
  random INTEGER NOT NULL,
  time INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (log, seq)
);
CREATE INDEX IF NOT EXISTS group_log_dedupe ON group_log(log, sender, random, time);
CREATE INDEX IF NOT EXISTS group_log_sender ON group_log(sender);
CREATE TABLE IF NOT EXISTS group_topic (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_pmg (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_application (
  user TEXT PRIMARY KEY,
  record TEXT NOT NULL
);
";

fn internal(e: impl std::fmt::Display) -> ImError {
    ImError::Internal(format!("group storage: {e}"))
}

fn int(v: u64) -> SqlStorageValue {
    SqlStorageValue::from(i64::try_from(v).unwrap_or(i64::MAX))
}

#[derive(Deserialize)]
struct Record {
    record: String,
}

#[derive(Deserialize)]
struct Num {
    v: f64,
}

impl SqlGroup {
    pub fn open(sql: SqlStorage) -> Result<Self, ImError> {
        sql.exec(SCHEMA, None).map_err(internal)?;
        Ok(SqlGroup { sql })
    }

    fn records<T: DeserializeOwned>(
        &self,
        query: &str,
        args: Vec<SqlStorageValue>,
    ) -> Result<Vec<T>, ImError> {
        self.sql
            .exec(query, args)
            .and_then(|c| c.to_array::<Record>())
            .map_err(internal)?
            .into_iter()
            .map(|r| serde_json::from_str(&r.record).map_err(internal))
            .collect()
    }

    fn exec(&self, query: &str, args: Vec<SqlStorageValue>) -> Result<(), ImError> {
        self.sql.exec(query, args).map(|_| ()).map_err(internal)
    }

    fn json<T: serde::Serialize>(value: &T) -> Result<SqlStorageValue, ImError> {
        Ok(serde_json::to_string(value).map_err(internal)?.into())
    }
}

impl GroupStore for SqlGroup {
    fn profile(&self) -> Result<Option<GroupProfile>, ImError> {
        Ok(self
            .records(
                "SELECT v AS record FROM group_meta WHERE k = 'profile'",
                vec![],
            )?
            .into_iter()
            .next())
    }

    fn put_profile(&self, profile: &GroupProfile) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO group_meta (k, v) VALUES ('profile', ?)",
            vec![Self::json(profile)?],
        )
    }

    fn clear_profile(&self) -> Result<(), ImError> {
        self.exec("DELETE FROM group_meta WHERE k = 'profile'", vec![])
    }

    fn member(&self, user: &UserId) -> Result<Option<Member>, ImError> {
        Ok(self
            .records(
                "SELECT record FROM group_member WHERE user = ?",
                vec![user.as_str().into()],
            )?
            .into_iter()
            .next())
    }

    fn put_member(&self, member: &Member) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO group_member (user, join_time, record) VALUES (?, ?, ?)",
            vec![
                member.user.as_str().into(),
                int(member.join_time),
                Self::json(member)?,
            ],
        )
    }

    fn remove_member(&self, user: &UserId) -> Result<(), ImError> {
        self.exec(
            "DELETE FROM group_member WHERE user = ?",
            vec![user.as_str().into()],
        )
    }

    fn members(&self, offset: usize, limit: usize) -> Result<Vec<Member>, ImError> {
        self.records(
            "SELECT record FROM group_member ORDER BY join_time, user LIMIT ? OFFSET ?",
            vec![int(limit as u64), int(offset as u64)],
        )
    }

    fn member_count(&self) -> Result<u32, ImError> {
        let rows: Vec<Num> = self
            .sql
            .exec("SELECT count(*) AS v FROM group_member", None)
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(rows.first().map_or(0, |r| r.v as u32))
    }

    fn log_max_seq(&self, log: &str) -> Result<u64, ImError> {
        let rows: Vec<Num> = self
            .sql
            .exec("SELECT v FROM group_seq WHERE k = ?", vec![log.into()])
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(rows.first().map_or(0, |r| r.v as u64))
    }

    fn log_find_recent(
        &self,
        log: &str,
        from: &str,
        random: u32,
        since: u64,
    ) -> Result<Option<GroupMessage>, ImError> {
        Ok(self
            .records(
                "SELECT record FROM group_log WHERE log = ? AND sender = ? AND random = ? AND time >= ? ORDER BY seq LIMIT 1",
                vec![log.into(), from.into(), int(random.into()), int(since)],
            )?
            .into_iter()
            .next())
    }

    fn log_append(&self, log: &str, mut msg: GroupMessage) -> Result<GroupMessage, ImError> {
        // No await between these statements: the counter and the row commit together.
        let seq: Num = self
            .sql
            .exec(
                "INSERT INTO group_seq (k, v) VALUES (?, 1)
                 ON CONFLICT(k) DO UPDATE SET v = v + 1 RETURNING v",
                vec![log.into()],
            )
            .and_then(|c| c.one())
            .map_err(internal)?;
        msg.seq = seq.v as u64;
        self.exec(
            "INSERT INTO group_log (log, seq, sender, random, time, record) VALUES (?, ?, ?, ?, ?, ?)",
            vec![
                log.into(),
                int(msg.seq),
                msg.from.as_str().into(),
                int(msg.random.into()),
                int(msg.time),
                Self::json(&msg)?,
            ],
        )?;
        Ok(msg)
    }

    fn log_range(&self, log: &str, from: u64, to: u64) -> Result<Vec<GroupMessage>, ImError> {
        self.records(
            "SELECT record FROM group_log WHERE log = ? AND seq >= ? AND seq <= ? ORDER BY seq",
            vec![log.into(), int(from), int(to)],
        )
    }

    fn log_replace(&self, log: &str, msg: &GroupMessage) -> Result<(), ImError> {
        self.exec(
            "UPDATE group_log SET record = ? WHERE log = ? AND seq = ?",
            vec![Self::json(msg)?, log.into(), int(msg.seq)],
        )
    }

    fn log_last(&self, log: &str) -> Result<Option<GroupMessage>, ImError> {
        Ok(self
            .records(
                "SELECT record FROM group_log WHERE log = ? ORDER BY seq DESC LIMIT 1",
                vec![log.into()],
            )?
            .into_iter()
            .next())
    }

    fn log_last_from(&self, log: &str, sender: &str) -> Result<u64, ImError> {
        let rows: Vec<Num> = self
            .sql
            .exec(
                "SELECT coalesce(max(seq), 0) AS v FROM group_log WHERE sender = ? AND log = ?",
                vec![sender.into(), log.into()],
            )
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(rows.first().map_or(0, |r| r.v as u64))
    }

    fn log_count_others(
        &self,
        log: &str,
        after: u64,
        me: &str,
        limit: u32,
    ) -> Result<u32, ImError> {
        // Walks the primary key from `after`, at most `limit` matching rows.
        let rows: Vec<Num> = self
            .sql
            .exec(
                "SELECT count(*) AS v FROM (SELECT 1 FROM group_log
                   WHERE log = ? AND seq > ? AND sender <> ? AND sender <> ? LIMIT ?)",
                vec![
                    log.into(),
                    int(after),
                    me.into(),
                    edgechat_proto::group::SYSTEM_SENDER.into(),
                    int(limit.into()),
                ],
            )
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(rows.first().map_or(0, |r| r.v as u32))
    }

    fn permission_groups(&self) -> Result<Vec<PermissionGroup>, ImError> {
        self.records("SELECT record FROM group_pmg ORDER BY id", vec![])
    }

    fn put_permission_group(&self, group: &PermissionGroup) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO group_pmg (id, record) VALUES (?, ?)",
            vec![group.id.as_str().into(), Self::json(group)?],
        )
    }

    fn remove_permission_group(&self, id: &str) -> Result<(), ImError> {
        self.exec("DELETE FROM group_pmg WHERE id = ?", vec![id.into()])
    }

    fn topics(&self) -> Result<Vec<Topic>, ImError> {
        self.records("SELECT record FROM group_topic ORDER BY id", vec![])
    }

    fn put_topic(&self, topic: &Topic) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO group_topic (id, record) VALUES (?, ?)",
            vec![topic.topic_id.as_str().into(), Self::json(topic)?],
        )
    }

    fn remove_topic(&self, id: &str) -> Result<(), ImError> {
        self.exec("DELETE FROM group_topic WHERE id = ?", vec![id.into()])?;
        self.exec("DELETE FROM group_log WHERE log = ?", vec![id.into()])
    }

    fn delete_by_sender(&self, sender: &str) -> Result<usize, ImError> {
        let rows: Vec<Num> = self
            .sql
            .exec(
                "SELECT count(*) AS v FROM group_log WHERE sender = ?",
                vec![sender.into()],
            )
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        self.exec(
            "DELETE FROM group_log WHERE sender = ?",
            vec![sender.into()],
        )?;
        Ok(rows.first().map_or(0, |r| r.v as usize))
    }

    fn applications(&self) -> Result<Vec<Application>, ImError> {
        self.records("SELECT record FROM group_application", vec![])
    }

    fn put_application(&self, app: &Application) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO group_application (user, record) VALUES (?, ?)",
            vec![app.user.as_str().into(), Self::json(app)?],
        )
    }

    fn remove_application(&self, user: &UserId) -> Result<(), ImError> {
        self.exec(
            "DELETE FROM group_application WHERE user = ?",
            vec![user.as_str().into()],
        )
    }

    fn wipe(&self) -> Result<(), ImError> {
        self.exec("DELETE FROM group_member", vec![])?;
        self.exec("DELETE FROM group_log", vec![])?;
        self.exec("DELETE FROM group_topic", vec![])?;
        self.exec("DELETE FROM group_pmg", vec![])?;
        self.exec(
            "DELETE FROM group_meta WHERE k IN ('attrs', 'pinned', 'marks', 'bans') OR k LIKE 'extras:%'",
            vec![],
        )?;
        self.exec("DELETE FROM group_application", vec![])
    }

    fn attr_state(&self) -> Result<AttrState, ImError> {
        Ok(self
            .records(
                "SELECT v AS record FROM group_meta WHERE k = 'attrs'",
                vec![],
            )?
            .into_iter()
            .next()
            .unwrap_or_default())
    }

    fn put_attr_state(&self, state: &AttrState) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO group_meta (k, v) VALUES ('attrs', ?)",
            vec![Self::json(state)?],
        )
    }

    fn pinned_state(&self) -> Result<PinnedState, ImError> {
        Ok(self
            .records(
                "SELECT v AS record FROM group_meta WHERE k = 'pinned'",
                vec![],
            )?
            .into_iter()
            .next()
            .unwrap_or_default())
    }

    fn put_pinned_state(&self, state: &PinnedState) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO group_meta (k, v) VALUES ('pinned', ?)",
            vec![Self::json(state)?],
        )
    }

    fn message_extras(&self, log: &str, seq: u64) -> Result<MessageExtras, ImError> {
        Ok(self
            .records(
                "SELECT v AS record FROM group_meta WHERE k = ?",
                vec![extras_key(log, seq).into()],
            )?
            .into_iter()
            .next()
            .unwrap_or_default())
    }

    fn put_message_extras(
        &self,
        log: &str,
        seq: u64,
        extras: &MessageExtras,
    ) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO group_meta (k, v) VALUES (?, ?)",
            vec![extras_key(log, seq).into(), Self::json(extras)?],
        )
    }

    fn member_marks(&self) -> Result<super::marks::MarkState, ImError> {
        Ok(self
            .records(
                "SELECT v AS record FROM group_meta WHERE k = 'marks'",
                vec![],
            )?
            .into_iter()
            .next()
            .unwrap_or_default())
    }

    fn put_member_marks(&self, state: &super::marks::MarkState) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO group_meta (k, v) VALUES ('marks', ?)",
            vec![Self::json(state)?],
        )
    }

    fn ban_state(&self) -> Result<super::ban::BanState, ImError> {
        Ok(self
            .records(
                "SELECT v AS record FROM group_meta WHERE k = 'bans'",
                vec![],
            )?
            .into_iter()
            .next()
            .unwrap_or_default())
    }

    fn put_ban_state(&self, state: &super::ban::BanState) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO group_meta (k, v) VALUES ('bans', ?)",
            vec![Self::json(state)?],
        )
    }

    fn delivered_upto(&self) -> Result<Option<u64>, ImError> {
        let rows: Vec<Record> = self
            .sql
            .exec(
                "SELECT v AS record FROM group_meta WHERE k = 'delivered_upto'",
                None,
            )
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(rows.first().and_then(|r| r.record.parse().ok()))
    }

    fn set_delivered_upto(&self, seq: u64) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO group_meta (k, v) VALUES ('delivered_upto', ?)",
            vec![seq.to_string().into()],
        )
    }

    fn hubs(&self) -> Result<std::collections::BTreeSet<u32>, ImError> {
        let rows: Vec<Record> = self
            .sql
            .exec("SELECT v AS record FROM group_meta WHERE k = 'hubs'", None)
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        match rows.first() {
            Some(r) => serde_json::from_str(&r.record).map_err(internal),
            None => Ok(Default::default()),
        }
    }

    fn set_hubs(&self, hubs: &std::collections::BTreeSet<u32>) -> Result<(), ImError> {
        let text = serde_json::to_string(hubs).map_err(internal)?;
        self.exec(
            "INSERT OR REPLACE INTO group_meta (k, v) VALUES ('hubs', ?)",
            vec![text.into()],
        )
    }
}

/// Where a message's extras live in `group_meta`: by log ("" for the group's own) and SEQ.
fn extras_key(log: &str, seq: u64) -> String {
    format!("extras:{log}:{seq}")
}
