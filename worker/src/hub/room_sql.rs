//! A hub's room table on its SQLite storage: which members of which groups are online on the
//! hub (and whether they receive only their own messages). It outlives hibernation with the
//! sockets, so a hub that wakes for a group push still knows whom it is for.

use edgechat_proto::ImError;
use serde::Deserialize;
use worker::{SqlStorage, SqlStorageValue};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS room (
  grp TEXT NOT NULL,
  usr TEXT NOT NULL,
  quiet INTEGER NOT NULL,
  PRIMARY KEY (grp, usr)
);
CREATE INDEX IF NOT EXISTS room_by_user ON room(usr);
";

fn internal(e: impl std::fmt::Display) -> ImError {
    ImError::Internal(format!("hub rooms: {e}"))
}

#[derive(Deserialize)]
struct Row {
    usr: String,
    quiet: i64,
}

#[derive(Deserialize)]
struct Count {
    n: i64,
}

#[derive(Deserialize)]
struct Group {
    grp: String,
}

/// A handle on the hub's room table.
#[derive(Clone)]
pub struct RoomSql {
    sql: SqlStorage,
}

impl RoomSql {
    pub fn open(sql: SqlStorage) -> Result<Self, ImError> {
        sql.exec(SCHEMA, None).map_err(internal)?;
        Ok(RoomSql { sql })
    }

    fn exec(&self, query: &str, args: Vec<SqlStorageValue>) -> Result<(), ImError> {
        self.sql.exec(query, args).map(|_| ()).map_err(internal)
    }

    fn rows<T: serde::de::DeserializeOwned>(
        &self,
        query: &str,
        args: Vec<SqlStorageValue>,
    ) -> Result<Vec<T>, ImError> {
        (self.sql.exec(query, args))
            .and_then(|c| c.to_array())
            .map_err(internal)
    }

    /// The group's members online here: (those who get everything, "discard" members).
    pub fn members(&self, group: &str) -> Result<(Vec<String>, Vec<String>), ImError> {
        let rows: Vec<Row> = self.rows(
            "SELECT usr, quiet FROM room WHERE grp = ?",
            vec![group.into()],
        )?;
        let (quiet, full): (Vec<Row>, Vec<Row>) = rows.into_iter().partition(|r| r.quiet != 0);
        Ok((
            full.into_iter().map(|r| r.usr).collect(),
            quiet.into_iter().map(|r| r.usr).collect(),
        ))
    }

    /// How many of the group's members are online here.
    pub fn count(&self, group: &str) -> Result<u32, ImError> {
        let rows: Vec<Count> = self.rows(
            "SELECT COUNT(*) AS n FROM room WHERE grp = ?",
            vec![group.into()],
        )?;
        Ok(rows.first().map_or(0, |c| c.n.max(0) as u32))
    }

    pub fn set(&self, group: &str, user: &str, quiet: bool) -> Result<(), ImError> {
        self.exec(
            "INSERT OR REPLACE INTO room (grp, usr, quiet) VALUES (?, ?, ?)",
            vec![group.into(), user.into(), i64::from(quiet).into()],
        )
    }

    pub fn remove(&self, group: &str, user: &str) -> Result<(), ImError> {
        self.exec(
            "DELETE FROM room WHERE grp = ? AND usr = ?",
            vec![group.into(), user.into()],
        )
    }

    pub fn clear(&self, group: &str) -> Result<(), ImError> {
        self.exec("DELETE FROM room WHERE grp = ?", vec![group.into()])
    }

    /// Forgets `user` (its last session ended); the groups that have no one online here now.
    pub fn remove_user(&self, user: &str) -> Result<Vec<String>, ImError> {
        let groups: Vec<Group> =
            self.rows("SELECT grp FROM room WHERE usr = ?", vec![user.into()])?;
        self.exec("DELETE FROM room WHERE usr = ?", vec![user.into()])?;
        let mut empty = Vec::new();
        for g in groups {
            if self.count(&g.grp)? == 0 {
                empty.push(g.grp);
            }
        }
        Ok(empty)
    }
}
