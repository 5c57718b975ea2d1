//! Message reactions: per reaction ID (an emoji's name, say) the users who chose it, in the
//! order they did. Tencent's codes: 23005 (too many reactions on the message), 23006 (too many
//! users on a reaction), 23007 (added already); removing one never added is 23008.

use crate::codes;
use crate::ImError;
use serde::{Deserialize, Serialize};

/// Reactions on one message (23005 past it).
pub const MAX_REACTIONS: usize = 20;
/// Users on one reaction (23006 past it).
pub const MAX_USERS: usize = 1000;
/// A reaction ID is 1..=100 bytes.
pub const MAX_REACTION_ID_BYTES: usize = 100;
/// Users per page of a reaction's user list.
pub const MAX_USER_PAGE: usize = 100;
/// Users a summary shows per reaction (`maxUserCountPerReaction` is 0..=10).
pub const MAX_PARTIAL_USERS: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Reaction {
    id: String,
    users: Vec<String>,
}

/// A message's reactions, in the order they were first added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reactions(Vec<Reaction>);

/// One reaction as a summary shows it: its first users and whether the reader is among all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionSummary {
    #[serde(rename = "ReactionId")]
    pub id: String,
    #[serde(rename = "TotalUserCount")]
    pub total: usize,
    #[serde(rename = "UserIdList")]
    pub users: Vec<String>,
    #[serde(rename = "ReactedByMyself")]
    pub mine: bool,
}

fn check_id(id: &str) -> Result<(), ImError> {
    if id.is_empty() || id.len() > MAX_REACTION_ID_BYTES {
        return Err(ImError::Coded(
            codes::INVALID_PARAMETER,
            format!(
                "reaction ID {id:?} is {} bytes; give 1..={MAX_REACTION_ID_BYTES}",
                id.len()
            ),
        ));
    }
    Ok(())
}

impl Reactions {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `user` adds reaction `id`.
    pub fn add(&mut self, id: &str, user: &str) -> Result<(), ImError> {
        check_id(id)?;
        let full = self.0.len() >= MAX_REACTIONS;
        match self.0.iter_mut().find(|r| r.id == id) {
            Some(r) if r.users.iter().any(|u| u == user) => Err(ImError::Coded(
                codes::REACTION_ALREADY_ADDED,
                format!("{user} has reacted with {id:?} already"),
            )),
            Some(r) if r.users.len() >= MAX_USERS => Err(ImError::Coded(
                codes::REACTION_USERS_FULL,
                format!("{MAX_USERS} users have reacted with {id:?}, as many as allowed"),
            )),
            Some(r) => {
                r.users.push(user.to_owned());
                Ok(())
            }
            None if full => Err(ImError::Coded(
                codes::REACTIONS_FULL,
                format!("the message has {MAX_REACTIONS} reactions, as many as allowed"),
            )),
            None => {
                self.0.push(Reaction {
                    id: id.to_owned(),
                    users: vec![user.to_owned()],
                });
                Ok(())
            }
        }
    }

    /// `user` takes back reaction `id`; a reaction nobody is left on goes.
    pub fn remove(&mut self, id: &str, user: &str) -> Result<(), ImError> {
        check_id(id)?;
        let at = self.0.iter().position(|r| r.id == id);
        let r = at.map(|i| (i, &mut self.0[i]));
        match r {
            Some((i, r)) => match r.users.iter().position(|u| u == user) {
                Some(u) => {
                    r.users.remove(u);
                    if r.users.is_empty() {
                        self.0.remove(i);
                    }
                    Ok(())
                }
                None => Err(not_added(id, user)),
            },
            None => Err(not_added(id, user)),
        }
    }

    /// Reaction `id` as `me` sees it, with its first `partial` users (`None` once nobody is on
    /// it any more).
    pub fn one(&self, id: &str, me: &str, partial: usize) -> Option<ReactionSummary> {
        let r = self.0.iter().find(|r| r.id == id)?;
        Some(summary(r, me, partial))
    }

    /// Every reaction as `me` sees it, with the first `partial` (≤ 10) users of each.
    pub fn summary(&self, me: &str, partial: usize) -> Vec<ReactionSummary> {
        self.0.iter().map(|r| summary(r, me, partial)).collect()
    }

    /// A page of reaction `id`'s users from position `next`; the next position, 0 when none
    /// remain.
    pub fn users(&self, id: &str, next: usize, count: usize) -> (Vec<String>, usize) {
        let users = self
            .0
            .iter()
            .find(|r| r.id == id)
            .map_or(&[][..], |r| r.users.as_slice());
        let count = count.clamp(1, MAX_USER_PAGE);
        let page: Vec<String> = users.iter().skip(next).take(count).cloned().collect();
        let end = next.saturating_add(page.len());
        (page, if end < users.len() { end } else { 0 })
    }
}

fn summary(r: &Reaction, me: &str, partial: usize) -> ReactionSummary {
    ReactionSummary {
        id: r.id.clone(),
        total: r.users.len(),
        users: r
            .users
            .iter()
            .take(partial.min(MAX_PARTIAL_USERS))
            .cloned()
            .collect(),
        mine: r.users.iter().any(|u| u == me),
    }
}

fn not_added(id: &str, user: &str) -> ImError {
    ImError::Coded(
        codes::REACTION_NOT_ADDED,
        format!("{user} has not reacted with {id:?}"),
    )
}
