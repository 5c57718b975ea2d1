//! What the relationship rules keep per user, and the store trait they keep it in: the SQLite
//! store (`sql`) in the user's object, the in-memory one (`memory`) in tests; both pass the
//! one suite in `conformance`.

use edgechat_proto::ImError;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A friend on my list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Friend {
    pub user: String,
    pub remark: String,
    pub groups: Vec<String>,
    pub add_source: String,
    pub add_wording: String,
    pub add_time: u64,
    /// `Tag_SNS_Custom_*` fields.
    pub custom: Map<String, Value>,
}

/// Which way a friend application goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// They asked me (`Pendency_Type_ComeIn`).
    In,
    /// I asked them (`Pendency_Type_SendOut`).
    Out,
}

impl Direction {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }

    /// The stored spelling read back ("out", anything else is "in").
    pub fn from_stored(s: &str) -> Self {
        if s == "out" {
            Direction::Out
        } else {
            Direction::In
        }
    }

    /// Tencent's `PendencyType`.
    pub fn pendency_type(self) -> &'static str {
        match self {
            Direction::In => "Pendency_Type_ComeIn",
            Direction::Out => "Pendency_Type_SendOut",
        }
    }
}

/// A friend application waiting for an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pendency {
    pub user: String,
    pub direction: Direction,
    pub wording: String,
    pub source: String,
    /// The remark and friend group the asker gives the friend once accepted (`Out` only).
    pub remark: String,
    pub group_name: String,
    /// The asker wants both lists (`Add_Type_Both`).
    pub both: bool,
    pub time: u64,
    pub unread: bool,
}

/// A list whose sequence number clients compare to know they are up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Friends,
    Groups,
    Blacklist,
}

impl List {
    pub fn key(self) -> &'static str {
        match self {
            List::Friends => "friends",
            List::Groups => "groups",
            List::Blacklist => "blacklist",
        }
    }
}

/// One user's profile and relationships. Every write that changes a list raises that list's
/// sequence (`sequence` never goes down); a write that changes nothing may leave it.
pub trait SnsStore {
    /// The list's sequence: 0 before its first change.
    fn sequence(&self, list: List) -> Result<u64, ImError>;

    /// Profile fields that were set, by tag.
    fn profile(&self) -> Result<Map<String, Value>, ImError>;
    fn set_profile(&self, tag: &str, value: &Value) -> Result<(), ImError>;

    /// Friends in the order they were first added.
    fn friends(&self) -> Result<Vec<Friend>, ImError>;
    fn friend(&self, user: &str) -> Result<Option<Friend>, ImError>;
    fn friend_count(&self) -> Result<usize, ImError>;
    /// Adds or replaces the friend (a replaced friend keeps its place and `add_time`).
    fn put_friend(&self, f: &Friend) -> Result<(), ImError>;
    /// Whether the friend was there.
    fn remove_friend(&self, user: &str) -> Result<bool, ImError>;

    /// Applications (of one direction, or all), newest first.
    fn pendencies(&self, direction: Option<Direction>) -> Result<Vec<Pendency>, ImError>;
    fn pendency(&self, user: &str, direction: Direction) -> Result<Option<Pendency>, ImError>;
    /// Adds or replaces the application with this user and direction.
    fn put_pendency(&self, p: &Pendency) -> Result<(), ImError>;
    /// Whether the application was there.
    fn remove_pendency(&self, user: &str, direction: Direction) -> Result<bool, ImError>;
    /// Marks every incoming application read.
    fn mark_pendencies_read(&self) -> Result<(), ImError>;

    /// Friend group names, oldest first (then by name).
    fn group_names(&self) -> Result<Vec<String>, ImError>;
    /// Adds the group unless it exists.
    fn add_group(&self, name: &str, now: u64) -> Result<(), ImError>;
    fn remove_group(&self, name: &str) -> Result<(), ImError>;

    /// Blocked users with when they were blocked, in the order blocked.
    fn blacklist(&self) -> Result<Vec<(String, u64)>, ImError>;
    fn is_blocked(&self, user: &str) -> Result<bool, ImError>;
    fn blacklist_len(&self) -> Result<usize, ImError>;
    /// Blocks the user unless already blocked.
    fn block(&self, user: &str, now: u64) -> Result<(), ImError>;
    /// Whether the user was blocked.
    fn unblock(&self, user: &str) -> Result<bool, ImError>;
}
