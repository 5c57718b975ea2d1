//! `SnsStore` in the user object's SQLite storage: profile fields, friends, pending
//! applications, friend groups and the blacklist.

use super::store::{Direction, Friend, List, Pendency, SnsStore};
use edgechat_proto::ImError;
use serde::Deserialize;
use serde_json::{Map, Value};
use worker::{SqlStorage, SqlStorageValue};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS profile (tag TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pendency (
  user TEXT NOT NULL, direction TEXT NOT NULL, wording TEXT NOT NULL, source TEXT NOT NULL,
  remark TEXT NOT NULL, group_name TEXT NOT NULL, both INTEGER NOT NULL, time INTEGER NOT NULL,
  unread INTEGER NOT NULL, PRIMARY KEY (user, direction)
);
CREATE TABLE IF NOT EXISTS friend_groups (name TEXT PRIMARY KEY, time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sns_meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
";

/// Columns added to the tables the first version created with one column.
const UPGRADES: [&str; 8] = [
    "ALTER TABLE friends ADD COLUMN remark TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE friends ADD COLUMN groups TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE friends ADD COLUMN add_source TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE friends ADD COLUMN add_wording TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE friends ADD COLUMN add_time INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE friends ADD COLUMN custom TEXT NOT NULL DEFAULT '{}'",
    "ALTER TABLE friends ADD COLUMN seq INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE blacklist ADD COLUMN time INTEGER NOT NULL DEFAULT 0",
];

#[derive(Deserialize)]
struct FriendRow {
    user: String,
    remark: String,
    groups: String,
    add_source: String,
    add_wording: String,
    add_time: f64,
    custom: String,
}

#[derive(Deserialize)]
struct PendencyRow {
    user: String,
    direction: String,
    wording: String,
    source: String,
    remark: String,
    group_name: String,
    both: f64,
    time: f64,
    unread: f64,
}

fn internal(e: impl std::fmt::Display) -> ImError {
    ImError::Internal(format!("relationship storage: {e}"))
}

fn int(v: u64) -> SqlStorageValue {
    SqlStorageValue::from(i64::try_from(v).unwrap_or(i64::MAX))
}

pub struct SqlSns {
    sql: SqlStorage,
}

impl SqlSns {
    /// Opens the tables; runs after the account store created `friends` and `blacklist`.
    pub fn open(sql: SqlStorage) -> Result<Self, ImError> {
        for upgrade in UPGRADES {
            // An error here means the column is already there.
            let _ = sql.exec(upgrade, None);
        }
        sql.exec(SCHEMA, None).map_err(internal)?;
        Ok(SqlSns { sql })
    }

    /// Forgets the profile, pending applications and friend groups of a deleted account (the
    /// sequences stay, so a client that cached the old account still syncs forward).
    pub fn forget_account(&self) -> Result<(), ImError> {
        for table in ["profile", "pendency", "friend_groups"] {
            self.sql
                .exec(&format!("DELETE FROM {table}"), None)
                .map_err(internal)?;
        }
        Ok(())
    }

    fn rows<T: for<'de> Deserialize<'de>>(
        &self,
        q: &str,
        args: Vec<SqlStorageValue>,
    ) -> Result<Vec<T>, ImError> {
        self.sql
            .exec(q, args)
            .and_then(|c| c.to_array())
            .map_err(internal)
    }

    fn run(&self, q: &str, args: Vec<SqlStorageValue>) -> Result<(), ImError> {
        self.sql.exec(q, args).map(|_| ()).map_err(internal)
    }

    /// Raises the list's sequence: it only ever grows.
    fn bump(&self, list: List) -> Result<(), ImError> {
        self.run(
            "INSERT INTO sns_meta (k, v) VALUES (?, 1) ON CONFLICT(k) DO UPDATE SET v = v + 1",
            vec![list.key().into()],
        )
    }
}

impl SnsStore for SqlSns {
    fn sequence(&self, list: List) -> Result<u64, ImError> {
        #[derive(Deserialize)]
        struct V {
            v: f64,
        }
        let rows: Vec<V> = self.rows(
            "SELECT v FROM sns_meta WHERE k = ?",
            vec![list.key().into()],
        )?;
        Ok(rows.first().map_or(0, |r| r.v as u64))
    }

    // Profile.

    fn profile(&self) -> Result<Map<String, Value>, ImError> {
        #[derive(Deserialize)]
        struct R {
            tag: String,
            value: String,
        }
        let rows: Vec<R> = self.rows("SELECT tag, value FROM profile", vec![])?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some((r.tag, serde_json::from_str(&r.value).ok()?)))
            .collect())
    }

    fn set_profile(&self, tag: &str, value: &Value) -> Result<(), ImError> {
        self.run(
            "INSERT INTO profile (tag, value) VALUES (?, ?) ON CONFLICT(tag) DO UPDATE SET value = excluded.value",
            vec![tag.into(), value.to_string().into()],
        )
    }

    // Friends.

    fn friends(&self) -> Result<Vec<Friend>, ImError> {
        let rows: Vec<FriendRow> = self.rows(
            "SELECT user, remark, groups, add_source, add_wording, add_time, custom FROM friends ORDER BY rowid",
            vec![],
        )?;
        Ok(rows.into_iter().map(FriendRow::into_friend).collect())
    }

    fn friend(&self, user: &str) -> Result<Option<Friend>, ImError> {
        let rows: Vec<FriendRow> = self.rows(
            "SELECT user, remark, groups, add_source, add_wording, add_time, custom FROM friends WHERE user = ?",
            vec![user.into()],
        )?;
        Ok(rows.into_iter().next().map(FriendRow::into_friend))
    }

    fn friend_count(&self) -> Result<usize, ImError> {
        #[derive(Deserialize)]
        struct N {
            n: f64,
        }
        let rows: Vec<N> = self.rows("SELECT count(*) AS n FROM friends", vec![])?;
        Ok(rows.first().map_or(0, |r| r.n as usize))
    }

    fn put_friend(&self, f: &Friend) -> Result<(), ImError> {
        self.bump(List::Friends)?;
        let groups = serde_json::to_string(&f.groups).map_err(internal)?;
        let custom = serde_json::to_string(&f.custom).map_err(internal)?;
        self.run(
            "INSERT INTO friends (user, remark, groups, add_source, add_wording, add_time, custom) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT(user) DO UPDATE SET remark = excluded.remark, groups = excluded.groups,
               add_source = excluded.add_source, add_wording = excluded.add_wording, custom = excluded.custom",
            vec![
                f.user.as_str().into(),
                f.remark.as_str().into(),
                groups.into(),
                f.add_source.as_str().into(),
                f.add_wording.as_str().into(),
                int(f.add_time),
                custom.into(),
            ],
        )
    }

    fn remove_friend(&self, user: &str) -> Result<bool, ImError> {
        let had = self.friend(user)?.is_some();
        if had {
            self.bump(List::Friends)?;
        }
        self.run("DELETE FROM friends WHERE user = ?", vec![user.into()])?;
        Ok(had)
    }

    // Applications.

    fn pendencies(&self, direction: Option<Direction>) -> Result<Vec<Pendency>, ImError> {
        let rows: Vec<PendencyRow> = match direction {
            Some(d) => self.rows(
                "SELECT * FROM pendency WHERE direction = ? ORDER BY time DESC",
                vec![d.as_str().into()],
            )?,
            None => self.rows("SELECT * FROM pendency ORDER BY time DESC", vec![])?,
        };
        Ok(rows.into_iter().map(PendencyRow::into_pendency).collect())
    }

    fn pendency(&self, user: &str, direction: Direction) -> Result<Option<Pendency>, ImError> {
        let rows: Vec<PendencyRow> = self.rows(
            "SELECT * FROM pendency WHERE user = ? AND direction = ?",
            vec![user.into(), direction.as_str().into()],
        )?;
        Ok(rows.into_iter().next().map(PendencyRow::into_pendency))
    }

    fn put_pendency(&self, p: &Pendency) -> Result<(), ImError> {
        self.run(
            "INSERT INTO pendency (user, direction, wording, source, remark, group_name, both, time, unread)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT(user, direction) DO UPDATE SET wording = excluded.wording, source = excluded.source,
               remark = excluded.remark, group_name = excluded.group_name, both = excluded.both,
               time = excluded.time, unread = excluded.unread",
            vec![
                p.user.as_str().into(),
                p.direction.as_str().into(),
                p.wording.as_str().into(),
                p.source.as_str().into(),
                p.remark.as_str().into(),
                p.group_name.as_str().into(),
                int(p.both.into()),
                int(p.time),
                int(p.unread.into()),
            ],
        )
    }

    fn remove_pendency(&self, user: &str, direction: Direction) -> Result<bool, ImError> {
        let had = self.pendency(user, direction)?.is_some();
        self.run(
            "DELETE FROM pendency WHERE user = ? AND direction = ?",
            vec![user.into(), direction.as_str().into()],
        )?;
        Ok(had)
    }

    fn mark_pendencies_read(&self) -> Result<(), ImError> {
        self.run(
            "UPDATE pendency SET unread = 0 WHERE direction = 'in'",
            vec![],
        )
    }

    // Friend groups.

    fn group_names(&self) -> Result<Vec<String>, ImError> {
        #[derive(Deserialize)]
        struct G {
            name: String,
        }
        let rows: Vec<G> =
            self.rows("SELECT name FROM friend_groups ORDER BY time, name", vec![])?;
        Ok(rows.into_iter().map(|g| g.name).collect())
    }

    fn add_group(&self, name: &str, now: u64) -> Result<(), ImError> {
        self.bump(List::Groups)?;
        self.run(
            "INSERT OR IGNORE INTO friend_groups (name, time) VALUES (?, ?)",
            vec![name.into(), int(now)],
        )
    }

    fn remove_group(&self, name: &str) -> Result<(), ImError> {
        self.bump(List::Groups)?;
        self.run(
            "DELETE FROM friend_groups WHERE name = ?",
            vec![name.into()],
        )
    }

    // Blacklist.

    fn blacklist(&self) -> Result<Vec<(String, u64)>, ImError> {
        #[derive(Deserialize)]
        struct B {
            user: String,
            time: f64,
        }
        let rows: Vec<B> = self.rows("SELECT user, time FROM blacklist ORDER BY rowid", vec![])?;
        Ok(rows.into_iter().map(|b| (b.user, b.time as u64)).collect())
    }

    fn is_blocked(&self, user: &str) -> Result<bool, ImError> {
        let rows: Vec<Value> = self.rows(
            "SELECT 1 AS x FROM blacklist WHERE user = ?",
            vec![user.into()],
        )?;
        Ok(!rows.is_empty())
    }

    fn blacklist_len(&self) -> Result<usize, ImError> {
        #[derive(Deserialize)]
        struct N {
            n: f64,
        }
        let rows: Vec<N> = self.rows("SELECT count(*) AS n FROM blacklist", vec![])?;
        Ok(rows.first().map_or(0, |r| r.n as usize))
    }

    fn block(&self, user: &str, now: u64) -> Result<(), ImError> {
        self.bump(List::Blacklist)?;
        self.run(
            "INSERT OR IGNORE INTO blacklist (user, time) VALUES (?, ?)",
            vec![user.into(), int(now)],
        )
    }

    fn unblock(&self, user: &str) -> Result<bool, ImError> {
        let had = self.is_blocked(user)?;
        if had {
            self.bump(List::Blacklist)?;
        }
        self.run("DELETE FROM blacklist WHERE user = ?", vec![user.into()])?;
        Ok(had)
    }
}

impl FriendRow {
    fn into_friend(self) -> Friend {
        Friend {
            user: self.user,
            remark: self.remark,
            groups: serde_json::from_str(&self.groups).unwrap_or_default(),
            add_source: self.add_source,
            add_wording: self.add_wording,
            add_time: self.add_time as u64,
            custom: serde_json::from_str(&self.custom).unwrap_or_default(),
        }
    }
}

impl PendencyRow {
    fn into_pendency(self) -> Pendency {
        Pendency {
            user: self.user,
            direction: Direction::from_stored(&self.direction),
            wording: self.wording,
            source: self.source,
            remark: self.remark,
            group_name: self.group_name,
            both: self.both != 0.0,
            time: self.time as u64,
            unread: self.unread != 0.0,
        }
    }
}
