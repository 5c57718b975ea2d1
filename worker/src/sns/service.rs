//! One user's relationship commands with Tencent's REST request and answer fields: the body is
//! parsed once into the command's request struct, the rules run against the user's store, and
//! the answer comes back with the lists that changed (the adapter tells the user's sessions).
//! What other users must do goes through `Peers` as a `PeerCall`, which their side answers
//! with `on_peer_call`.

use super::store::SnsStore;
use super::{blacklist, friend_groups, friend_list, friends, profile};
use crate::config::AppConfig;
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::cell::RefCell;

/// Most items of `friend_add`, `friend_update`, `friend_get_list` and `portrait_get` per call.
pub const MAX_PER_CALL: usize = 100;
/// Most accounts of the check, delete, blacklist, import and friend-group calls per call.
pub const MAX_BATCH: usize = 1000;

/// A list this user's sessions hear has changed (`ServerFrame::SnsUpdate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    Friends,
    Applications,
    Groups,
    Blacklist,
    /// This user's or a friend's profile.
    Profile(String),
}

impl Changed {
    /// The `what` of the update frame.
    pub fn what(&self) -> &'static str {
        match self {
            Changed::Friends => "friends",
            Changed::Applications => "applications",
            Changed::Groups => "groups",
            Changed::Blacklist => "blacklist",
            Changed::Profile(_) => "profile",
        }
    }

    /// Whose profile changed.
    pub fn user(&self) -> Option<&str> {
        match self {
            Changed::Profile(u) => Some(u),
            _ => None,
        }
    }
}

/// A command's answer and the lists it changed, in the order they first changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Effects {
    pub reply: Value,
    pub changed: Vec<Changed>,
}

/// What `from` asks of the user it befriends: that side decides with its own allow type and
/// blacklist and these facts from the asker's side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FriendAsk {
    pub from: String,
    pub wording: String,
    pub source: String,
    /// Both lists (`Add_Type_Both`): the callee adds the asker too.
    pub both: bool,
    /// No confirmation (`ForceAddFlags`).
    pub force: bool,
    /// The asker may not send requests (`AdminForbid_Type_SendOut`).
    pub forbidden: bool,
    /// The callee is on the asker's blacklist.
    pub target_blocked: bool,
}

/// A call from one user's relationships to another user's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum PeerCall {
    /// Befriend the asker; answers `{"outcome": "added" | "pending"}`.
    Request(FriendAsk),
    /// The user I asked answered my application.
    Answered { from: String, accepted: bool },
    /// `from` removed me from their list both ways (or blocked me).
    Unfriended { from: String },
    /// Whether `of` is on my friend list and blacklist: `{"friend", "blocked"}`.
    Relation { of: String },
    /// My profile fields `tags` (all set ones when empty): `{"ProfileItem": [...]}`.
    Profile { tags: Vec<String> },
    /// A friend changed their profile.
    ProfileChanged { user: String },
}

/// Carries calls to other users' relationships (their objects, or a test world).
// Workers run on one thread: the futures need not be Send.
#[allow(async_fn_in_trait)]
pub trait Peers {
    /// Runs `call` as `to` and returns its answer.
    async fn call(&self, to: &str, call: &PeerCall) -> Result<Value, ImError>;
}

/// One command's view of the user: who, when, as whom, the store and the peers.
pub struct Sns<'a, S: SnsStore, P: Peers> {
    pub store: &'a S,
    pub peers: &'a P,
    pub me: &'a UserId,
    pub now: u64,
    /// An app admin asks through the REST API (admin-only fields may be written).
    pub by_admin: bool,
    pub config: &'a AppConfig,
    /// This user's account was imported (requests to an unknown account fail).
    pub imported: bool,
    changed: RefCell<Vec<Changed>>,
}

impl<'a, S: SnsStore, P: Peers> Sns<'a, S, P> {
    pub fn new(store: &'a S, peers: &'a P, me: &'a UserId, config: &'a AppConfig) -> Self {
        Sns {
            store,
            peers,
            me,
            now: 0,
            by_admin: false,
            config,
            imported: true,
            changed: RefCell::new(vec![]),
        }
    }

    /// Notes that a list changed.
    pub fn changed(&self, c: Changed) {
        let mut all = self.changed.borrow_mut();
        if !all.contains(&c) {
            all.push(c);
        }
    }

    fn effects(&self, reply: Value) -> Effects {
        Effects {
            reply,
            changed: self.changed.take(),
        }
    }
}

/// A bad relationship request (30001).
pub fn bad(why: impl Into<String>) -> ImError {
    ImError::Coded(codes::SNS_INVALID_PARAMETER, why.into())
}

/// Parses `body` as `T`, failing with `code` and a message naming the command.
pub fn parse<T: DeserializeOwned>(cmd: &str, body: &Value, code: u32) -> Result<T, ImError> {
    crate::request_body::parse(cmd, body, code)
}

/// Checks that `field` has 1..=max entries.
pub fn check_count(field: &str, len: usize, max: usize) -> Result<(), ImError> {
    if len == 0 || len > max {
        return Err(bad(format!("{field} has {len} entries, 1..={max} allowed")));
    }
    Ok(())
}

/// Runs the relationship command `cmd` (`friend_add`, `portrait_set`, …) with its Tencent
/// body as `sns.me`.
pub async fn run<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    cmd: &str,
    body: &Value,
) -> Result<Effects, ImError> {
    // Relationship bodies that do not parse fail with 30001, profile ones with 40001.
    let bad_body = codes::SNS_INVALID_PARAMETER;
    let reply = match cmd {
        "portrait_set" => {
            let req = parse(cmd, body, codes::PROFILE_INVALID_PARAMETER)?;
            profile::portrait_set(sns, req).await?
        }
        "portrait_get" => {
            let req = parse(cmd, body, codes::PROFILE_INVALID_PARAMETER)?;
            profile::portrait_get(sns, req).await?
        }
        "friend_add" => friends::friend_add(sns, parse(cmd, body, bad_body)?, false).await?,
        "friend_import" if !sns.by_admin => {
            return Err(ImError::Coded(
                codes::SNS_ADMIN_REQUIRED,
                "friend_import is for app admins (REST)".into(),
            ))
        }
        "friend_import" => friends::friend_add(sns, parse(cmd, body, bad_body)?, true).await?,
        "pendency_get" => friends::pendency_get(sns)?,
        "pendency_response" => friends::pendency_response(sns, parse(cmd, body, bad_body)?).await?,
        "pendency_delete" => friends::pendency_delete(sns, parse(cmd, body, bad_body)?)?,
        "pendency_read" => friends::pendency_read(sns)?,
        "friend_update" => friend_list::friend_update(sns, parse(cmd, body, bad_body)?)?,
        "friend_delete" => friend_list::friend_delete(sns, parse(cmd, body, bad_body)?).await?,
        "friend_delete_all" => {
            friend_list::friend_delete_all(sns, parse(cmd, body, bad_body)?).await?
        }
        "friend_check" => friend_list::friend_check(sns, parse(cmd, body, bad_body)?).await?,
        "friend_get" => friend_list::friend_get(sns, parse(cmd, body, bad_body)?)?,
        "friend_get_list" => friend_list::friend_get_list(sns, parse(cmd, body, bad_body)?).await?,
        "black_list_add" => blacklist::add(sns, parse(cmd, body, bad_body)?).await?,
        "black_list_delete" => blacklist::delete(sns, parse(cmd, body, bad_body)?)?,
        "black_list_get" => blacklist::get(sns, parse(cmd, body, bad_body)?)?,
        "black_list_check" => blacklist::check(sns, parse(cmd, body, bad_body)?).await?,
        "group_add" => friend_groups::add(sns, parse(cmd, body, bad_body)?)?,
        "group_delete" => friend_groups::delete(sns, parse(cmd, body, bad_body)?)?,
        "group_get" => friend_groups::get(sns, parse(cmd, body, bad_body)?)?,
        "group_rename" => friend_groups::rename(sns, parse(cmd, body, bad_body)?)?,
        _ => return Err(ImError::UnknownCommand(format!("sns/{cmd}"))),
    };
    Ok(sns.effects(reply))
}

/// Answers another user's `call` as `sns.me`.
pub fn on_peer_call<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    call: PeerCall,
) -> Result<Effects, ImError> {
    let reply = match call {
        PeerCall::Request(ask) => friends::on_request(sns, &ask)?,
        PeerCall::Answered { from, accepted } => friends::on_answered(sns, &from, accepted)?,
        PeerCall::Unfriended { from } => friend_list::on_unfriended(sns, &from)?,
        PeerCall::Relation { of } => {
            json!({ "friend": sns.store.friend(&of)?.is_some(), "blocked": sns.store.is_blocked(&of)? })
        }
        PeerCall::Profile { tags } => profile::profile_items(sns.store, &tags)?,
        PeerCall::ProfileChanged { user } => {
            sns.changed(Changed::Profile(user));
            json!({})
        }
    };
    Ok(sns.effects(reply))
}

/// One `{"Tag", "Value"}` item.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TagValue {
    #[serde(rename = "Tag")]
    pub tag: String,
    #[serde(rename = "Value", default)]
    pub value: Value,
}

/// A field Tencent takes as one string or a list of strings (`GroupName`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => vec![],
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}
