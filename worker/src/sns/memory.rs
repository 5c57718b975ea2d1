//! An in-memory `SnsStore` for the rules' unit tests and the simulations.

use super::store::{Direction, Friend, List, Pendency, SnsStore};
use edgechat_proto::ImError;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;

#[derive(Default)]
struct Data {
    sequences: BTreeMap<&'static str, u64>,
    profile: Map<String, Value>,
    /// In the order first added.
    friends: Vec<Friend>,
    /// In the order put; read newest first.
    pendencies: Vec<Pendency>,
    /// (name, time) in the order added.
    groups: Vec<(String, u64)>,
    blacklist: Vec<(String, u64)>,
}

/// One user's relationships in memory.
#[derive(Default)]
pub struct MemorySns {
    data: RefCell<Data>,
}

impl MemorySns {
    fn bump(d: &mut Data, list: List) {
        *d.sequences.entry(list.key()).or_default() += 1;
    }
}

impl SnsStore for MemorySns {
    fn sequence(&self, list: List) -> Result<u64, ImError> {
        Ok(self
            .data
            .borrow()
            .sequences
            .get(list.key())
            .copied()
            .unwrap_or(0))
    }

    fn profile(&self) -> Result<Map<String, Value>, ImError> {
        Ok(self.data.borrow().profile.clone())
    }

    fn set_profile(&self, tag: &str, value: &Value) -> Result<(), ImError> {
        self.data
            .borrow_mut()
            .profile
            .insert(tag.to_owned(), value.clone());
        Ok(())
    }

    fn friends(&self) -> Result<Vec<Friend>, ImError> {
        Ok(self.data.borrow().friends.clone())
    }

    fn friend(&self, user: &str) -> Result<Option<Friend>, ImError> {
        Ok(self
            .data
            .borrow()
            .friends
            .iter()
            .find(|f| f.user == user)
            .cloned())
    }

    fn friend_count(&self) -> Result<usize, ImError> {
        Ok(self.data.borrow().friends.len())
    }

    fn put_friend(&self, f: &Friend) -> Result<(), ImError> {
        let mut d = self.data.borrow_mut();
        Self::bump(&mut d, List::Friends);
        match d.friends.iter_mut().find(|x| x.user == f.user) {
            Some(old) => {
                let add_time = old.add_time;
                *old = Friend {
                    add_time,
                    ..f.clone()
                };
            }
            None => d.friends.push(f.clone()),
        }
        Ok(())
    }

    fn remove_friend(&self, user: &str) -> Result<bool, ImError> {
        let mut d = self.data.borrow_mut();
        let before = d.friends.len();
        d.friends.retain(|f| f.user != user);
        let had = d.friends.len() != before;
        if had {
            Self::bump(&mut d, List::Friends);
        }
        Ok(had)
    }

    fn pendencies(&self, direction: Option<Direction>) -> Result<Vec<Pendency>, ImError> {
        let mut out: Vec<Pendency> = self
            .data
            .borrow()
            .pendencies
            .iter()
            .filter(|p| direction.is_none_or(|d| p.direction == d))
            .cloned()
            .collect();
        // Newest first; the same time keeps the later put first.
        out.reverse();
        out.sort_by_key(|p| std::cmp::Reverse(p.time));
        Ok(out)
    }

    fn pendency(&self, user: &str, direction: Direction) -> Result<Option<Pendency>, ImError> {
        Ok(self
            .data
            .borrow()
            .pendencies
            .iter()
            .find(|p| p.user == user && p.direction == direction)
            .cloned())
    }

    fn put_pendency(&self, p: &Pendency) -> Result<(), ImError> {
        let mut d = self.data.borrow_mut();
        d.pendencies
            .retain(|x| !(x.user == p.user && x.direction == p.direction));
        d.pendencies.push(p.clone());
        Ok(())
    }

    fn remove_pendency(&self, user: &str, direction: Direction) -> Result<bool, ImError> {
        let mut d = self.data.borrow_mut();
        let before = d.pendencies.len();
        d.pendencies
            .retain(|x| !(x.user == user && x.direction == direction));
        Ok(d.pendencies.len() != before)
    }

    fn mark_pendencies_read(&self) -> Result<(), ImError> {
        for p in self.data.borrow_mut().pendencies.iter_mut() {
            if p.direction == Direction::In {
                p.unread = false;
            }
        }
        Ok(())
    }

    fn group_names(&self) -> Result<Vec<String>, ImError> {
        let mut groups = self.data.borrow().groups.clone();
        groups.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        Ok(groups.into_iter().map(|(n, _)| n).collect())
    }

    fn add_group(&self, name: &str, now: u64) -> Result<(), ImError> {
        let mut d = self.data.borrow_mut();
        Self::bump(&mut d, List::Groups);
        if !d.groups.iter().any(|(n, _)| n == name) {
            d.groups.push((name.to_owned(), now));
        }
        Ok(())
    }

    fn remove_group(&self, name: &str) -> Result<(), ImError> {
        let mut d = self.data.borrow_mut();
        Self::bump(&mut d, List::Groups);
        d.groups.retain(|(n, _)| n != name);
        Ok(())
    }

    fn blacklist(&self) -> Result<Vec<(String, u64)>, ImError> {
        Ok(self.data.borrow().blacklist.clone())
    }

    fn is_blocked(&self, user: &str) -> Result<bool, ImError> {
        Ok(self.data.borrow().blacklist.iter().any(|(u, _)| u == user))
    }

    fn blacklist_len(&self) -> Result<usize, ImError> {
        Ok(self.data.borrow().blacklist.len())
    }

    fn block(&self, user: &str, now: u64) -> Result<(), ImError> {
        let mut d = self.data.borrow_mut();
        Self::bump(&mut d, List::Blacklist);
        if !d.blacklist.iter().any(|(u, _)| u == user) {
            d.blacklist.push((user.to_owned(), now));
        }
        Ok(())
    }

    fn unblock(&self, user: &str) -> Result<bool, ImError> {
        let mut d = self.data.borrow_mut();
        let before = d.blacklist.len();
        d.blacklist.retain(|(u, _)| u != user);
        let had = d.blacklist.len() != before;
        if had {
            Self::bump(&mut d, List::Blacklist);
        }
        Ok(had)
    }
}
