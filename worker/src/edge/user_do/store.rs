//! The account part of a user's SQLite storage: a small key-value table.

use crate::account::ImportedProfile;
use crate::inbox::extras::ExtrasStore;
use crate::sns::relations::Relation;
use edgechat_proto::extras::MessageExtras;
use edgechat_proto::recent::RecentState;
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::HashMap;
use worker::SqlStorage;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS account (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS watchers (user TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS friends (user TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS blacklist (user TEXT PRIMARY KEY);
";

pub struct AccountStore {
    sql: SqlStorage,
    /// Keys read or written so far (`None`: known absent). This object is the only writer of
    /// its table, so the copy stays exact; it saves a query per key on every message.
    cache: RefCell<HashMap<String, Option<String>>>,
}

fn internal(e: worker::Error) -> ImError {
    ImError::Internal(format!("account storage: {e}"))
}

#[derive(Deserialize)]
struct Row {
    k: String,
    v: String,
}

impl AccountStore {
    pub fn open(sql: SqlStorage) -> Result<Self, ImError> {
        sql.exec(SCHEMA, None).map_err(internal)?;
        Ok(AccountStore {
            sql,
            cache: RefCell::default(),
        })
    }

    fn get(&self, key: &str) -> Result<Option<String>, ImError> {
        if let Some(known) = self.cache.borrow().get(key) {
            return Ok(known.clone());
        }
        let rows: Vec<Row> = self
            .sql
            .exec("SELECT k, v FROM account WHERE k = ?", vec![key.into()])
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        let value = rows.into_iter().next().map(|r| r.v);
        self.cache
            .borrow_mut()
            .insert(key.to_owned(), value.clone());
        Ok(value)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), ImError> {
        self.sql
            .exec(
                "INSERT INTO account (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
                vec![key.into(), value.into()],
            )
            .map_err(internal)?;
        self.cache
            .borrow_mut()
            .insert(key.to_owned(), Some(value.to_owned()));
        Ok(())
    }

    /// Where the user is online: their ID and the platform of each live session (kept by
    /// the hub's calls; empty when offline).
    pub fn live(&self) -> Result<Option<(String, Vec<String>)>, ImError> {
        let Some(text) = self.get("live")? else {
            return Ok(None);
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| ImError::Internal(format!("account storage: live: {e}")))
    }

    pub fn set_live(&self, user: &str, platforms: &[String]) -> Result<(), ImError> {
        let text = serde_json::to_string(&(user, platforms))
            .map_err(|e| ImError::Internal(e.to_string()))?;
        self.set("live", &text)
    }

    pub fn is_imported(&self) -> Result<bool, ImError> {
        Ok(self.get("imported")?.is_some())
    }

    pub fn import(&self, profile: &ImportedProfile, now: u64) -> Result<(), ImError> {
        let json = serde_json::to_string(profile).map_err(|e| ImError::Internal(e.to_string()))?;
        self.set("profile", &json)?;
        if !self.is_imported()? {
            self.set("imported", &now.to_string())?;
        }
        Ok(())
    }

    /// Mobile platforms reachable by push, with the unix second it ends.
    pub fn push_platforms(&self) -> Result<Vec<(String, u64)>, ImError> {
        let rows: Vec<Row> = self
            .sql
            .exec("SELECT k, v FROM account WHERE k LIKE 'push:%'", None)
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some((r.k.strip_prefix("push:")?.to_owned(), r.v.parse().ok()?)))
            .collect())
    }

    pub fn set_push(&self, platform: &str, until: Option<u64>) -> Result<(), ImError> {
        let key = format!("push:{platform}");
        match until {
            Some(t) => self.set(&key, &t.to_string()),
            None => {
                self.sql
                    .exec("DELETE FROM account WHERE k = ?", vec![key.clone().into()])
                    .map_err(internal)?;
                self.cache.borrow_mut().insert(key, None);
                Ok(())
            }
        }
    }

    /// Users subscribed to this user's online status.
    /// The custom status this user set (`setSelfStatus`), '' when none.
    /// The user's conversation settings (pins, marks, groups: `recentcontact`).
    pub fn recent(&self) -> Result<RecentState, ImError> {
        match self.get("recent")? {
            None => Ok(RecentState::default()),
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| ImError::Internal(format!("stored conversation settings: {e}"))),
        }
    }

    pub fn set_recent(&self, state: &RecentState) -> Result<(), ImError> {
        let text = serde_json::to_string(state).map_err(|e| ImError::Internal(e.to_string()))?;
        self.set("recent", &text)
    }

    /// The extensions and reactions of a one-to-one message (with `peer`, by `MsgKey`), in
    /// the object that keeps them (`inbox::extras::keeper`).
    fn extras_key(peer: &UserId, key: &str) -> String {
        format!("extras:{peer}:{key}")
    }

    /// When the app admin last kicked this user (REST `kick`): UserSigs signed before it are
    /// refused.
    pub fn kicked_at(&self) -> Result<Option<u64>, ImError> {
        Ok(self.get("kicked_at")?.and_then(|v| v.parse().ok()))
    }

    pub fn set_kicked_at(&self, at: u64) -> Result<(), ImError> {
        self.set("kicked_at", &at.to_string())
    }

    pub fn custom_status(&self) -> Result<String, ImError> {
        Ok(self.get("custom_status")?.unwrap_or_default())
    }

    pub fn set_custom_status(&self, text: &str) -> Result<(), ImError> {
        self.set("custom_status", text)
    }

    pub fn watchers(&self) -> Result<Vec<String>, ImError> {
        #[derive(Deserialize)]
        struct W {
            user: String,
        }
        let rows: Vec<W> = self
            .sql
            .exec("SELECT user FROM watchers", None)
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(rows.into_iter().map(|w| w.user).collect())
    }

    pub fn set_watcher(&self, user: &str, on: bool) -> Result<(), ImError> {
        let q = if on {
            "INSERT INTO watchers (user) VALUES (?) ON CONFLICT(user) DO NOTHING"
        } else {
            "DELETE FROM watchers WHERE user = ?"
        };
        self.sql
            .exec(q, vec![user.into()])
            .map(|_| ())
            .map_err(internal)
    }

    /// What this user's lists say about `other` (friend, blocked), in one query.
    pub fn relation_to(&self, other: &str) -> Result<Relation, ImError> {
        #[derive(Deserialize)]
        struct R {
            blocked: f64,
            friend: f64,
        }
        let r: R = self
            .sql
            .exec(
                "SELECT EXISTS(SELECT 1 FROM blacklist WHERE user = ?) AS blocked,
                        EXISTS(SELECT 1 FROM friends WHERE user = ?) AS friend",
                vec![other.into(), other.into()],
            )
            .and_then(|c| c.one())
            .map_err(internal)?;
        Ok(Relation {
            blocked: r.blocked != 0.0,
            friend: r.friend != 0.0,
        })
    }

    /// Deletes the account and every message of its inbox.
    pub fn delete_everything(&self) -> Result<(), ImError> {
        self.sql
            .exec("DELETE FROM account", None)
            .map_err(internal)?;
        self.cache.borrow_mut().clear();
        for table in ["inbox", "conversation", "friends", "blacklist", "watchers"] {
            self.sql
                .exec(&format!("DELETE FROM {table}"), None)
                .map_err(internal)?;
        }
        Ok(())
    }
}

impl ExtrasStore for AccountStore {
    fn extras(&self, peer: &UserId, key: &str) -> Result<MessageExtras, ImError> {
        match self.get(&Self::extras_key(peer, key))? {
            None => Ok(MessageExtras::default()),
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| ImError::Internal(format!("stored message extras: {e}"))),
        }
    }

    fn put_extras(&self, peer: &UserId, key: &str, extras: &MessageExtras) -> Result<(), ImError> {
        let text = serde_json::to_string(extras).map_err(|e| ImError::Internal(e.to_string()))?;
        self.set(&Self::extras_key(peer, key), &text)
    }
}
