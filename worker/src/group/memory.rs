//! [`GroupStore`] in memory, for the rules' unit tests and simulations.

use super::attrs::AttrState;
use super::model::{Application, GroupProfile, Member, Topic};
use super::pmg::PermissionGroup;
use super::store::GroupStore;
use edgechat_proto::extras::MessageExtras;
use edgechat_proto::group::GroupMessage;
use edgechat_proto::{ImError, UserId};
use std::cell::RefCell;
use std::collections::BTreeMap;

#[derive(Default)]
pub struct MemoryGroup {
    profile: RefCell<Option<GroupProfile>>,
    members: RefCell<BTreeMap<UserId, Member>>,
    /// Messages by (log, SEQ): "" is the group's own log, a topic ID a topic's.
    messages: RefCell<BTreeMap<(String, u64), GroupMessage>>,
    max_seq: RefCell<BTreeMap<String, u64>>,
    applications: RefCell<BTreeMap<UserId, Application>>,
    topics: RefCell<BTreeMap<String, Topic>>,
    pmgs: RefCell<BTreeMap<String, PermissionGroup>>,
    delivered: RefCell<Option<u64>>,
    hubs: RefCell<std::collections::BTreeSet<u32>>,
    attrs: RefCell<AttrState>,
    pinned: RefCell<super::pinned::PinnedState>,
    marks: RefCell<super::marks::MarkState>,
    bans: RefCell<super::ban::BanState>,
    extras: RefCell<std::collections::BTreeMap<(String, u64), MessageExtras>>,
}

impl MemoryGroup {
    /// The stored messages of `log` from SEQ `from` on, oldest first.
    fn log_from(&self, log: &str, from: u64) -> Vec<GroupMessage> {
        self.log_range(log, from, u64::MAX).unwrap_or_default()
    }
}

impl GroupStore for MemoryGroup {
    fn profile(&self) -> Result<Option<GroupProfile>, ImError> {
        Ok(self.profile.borrow().clone())
    }

    fn put_profile(&self, profile: &GroupProfile) -> Result<(), ImError> {
        *self.profile.borrow_mut() = Some(profile.clone());
        Ok(())
    }

    fn clear_profile(&self) -> Result<(), ImError> {
        *self.profile.borrow_mut() = None;
        Ok(())
    }

    fn member(&self, user: &UserId) -> Result<Option<Member>, ImError> {
        Ok(self.members.borrow().get(user).cloned())
    }

    fn put_member(&self, member: &Member) -> Result<(), ImError> {
        self.members
            .borrow_mut()
            .insert(member.user.clone(), member.clone());
        Ok(())
    }

    fn remove_member(&self, user: &UserId) -> Result<(), ImError> {
        self.members.borrow_mut().remove(user);
        Ok(())
    }

    fn members(&self, offset: usize, limit: usize) -> Result<Vec<Member>, ImError> {
        let mut all: Vec<Member> = self.members.borrow().values().cloned().collect();
        all.sort_by(|a, b| (a.join_time, &a.user).cmp(&(b.join_time, &b.user)));
        Ok(all.into_iter().skip(offset).take(limit).collect())
    }

    fn member_count(&self) -> Result<u32, ImError> {
        Ok(self.members.borrow().len() as u32)
    }

    fn log_max_seq(&self, log: &str) -> Result<u64, ImError> {
        Ok(self.max_seq.borrow().get(log).copied().unwrap_or(0))
    }

    fn log_find_recent(
        &self,
        log: &str,
        from: &str,
        random: u32,
        since: u64,
    ) -> Result<Option<GroupMessage>, ImError> {
        Ok(self
            .messages
            .borrow()
            .iter()
            .find(|((l, _), m)| l == log && m.from == from && m.random == random && m.time >= since)
            .map(|(_, m)| m.clone()))
    }

    fn log_append(&self, log: &str, mut msg: GroupMessage) -> Result<GroupMessage, ImError> {
        let mut seqs = self.max_seq.borrow_mut();
        let seq = seqs.entry(log.to_owned()).or_insert(0);
        *seq += 1;
        msg.seq = *seq;
        self.messages
            .borrow_mut()
            .insert((log.to_owned(), msg.seq), msg.clone());
        Ok(msg)
    }

    fn log_range(&self, log: &str, from: u64, to: u64) -> Result<Vec<GroupMessage>, ImError> {
        if from > to {
            return Ok(Vec::new());
        }
        Ok(self
            .messages
            .borrow()
            .range((log.to_owned(), from)..=(log.to_owned(), to))
            .map(|(_, m)| m.clone())
            .collect())
    }

    fn log_replace(&self, log: &str, msg: &GroupMessage) -> Result<(), ImError> {
        self.messages
            .borrow_mut()
            .insert((log.to_owned(), msg.seq), msg.clone());
        Ok(())
    }

    fn log_last(&self, log: &str) -> Result<Option<GroupMessage>, ImError> {
        Ok(self.log_from(log, 0).pop())
    }

    fn log_last_from(&self, log: &str, sender: &str) -> Result<u64, ImError> {
        let all = self.log_from(log, 0);
        Ok(all
            .iter()
            .rev()
            .find(|m| m.from == sender)
            .map_or(0, |m| m.seq))
    }

    fn log_count_others(
        &self,
        log: &str,
        after: u64,
        me: &str,
        limit: u32,
    ) -> Result<u32, ImError> {
        let all = self.log_from(log, after.saturating_add(1));
        let n = (all.iter())
            .filter(|m| m.from != me && !m.is_tip())
            .take(limit as usize)
            .count();
        Ok(n as u32)
    }

    fn permission_groups(&self) -> Result<Vec<PermissionGroup>, ImError> {
        Ok(self.pmgs.borrow().values().cloned().collect())
    }

    fn put_permission_group(&self, group: &PermissionGroup) -> Result<(), ImError> {
        self.pmgs
            .borrow_mut()
            .insert(group.id.clone(), group.clone());
        Ok(())
    }

    fn remove_permission_group(&self, id: &str) -> Result<(), ImError> {
        self.pmgs.borrow_mut().remove(id);
        Ok(())
    }

    fn topics(&self) -> Result<Vec<Topic>, ImError> {
        Ok(self.topics.borrow().values().cloned().collect())
    }

    fn put_topic(&self, topic: &Topic) -> Result<(), ImError> {
        self.topics
            .borrow_mut()
            .insert(topic.topic_id.clone(), topic.clone());
        Ok(())
    }

    fn remove_topic(&self, id: &str) -> Result<(), ImError> {
        self.topics.borrow_mut().remove(id);
        self.messages.borrow_mut().retain(|(l, _), _| l != id);
        Ok(())
    }

    fn delete_by_sender(&self, sender: &str) -> Result<usize, ImError> {
        let mut msgs = self.messages.borrow_mut();
        let before = msgs.len();
        msgs.retain(|_, m| m.from != sender);
        Ok(before - msgs.len())
    }

    fn applications(&self) -> Result<Vec<Application>, ImError> {
        Ok(self.applications.borrow().values().cloned().collect())
    }

    fn put_application(&self, app: &Application) -> Result<(), ImError> {
        self.applications
            .borrow_mut()
            .insert(app.user.clone(), app.clone());
        Ok(())
    }

    fn remove_application(&self, user: &UserId) -> Result<(), ImError> {
        self.applications.borrow_mut().remove(user);
        Ok(())
    }

    fn wipe(&self) -> Result<(), ImError> {
        self.members.borrow_mut().clear();
        self.messages.borrow_mut().clear();
        self.applications.borrow_mut().clear();
        self.topics.borrow_mut().clear();
        self.pmgs.borrow_mut().clear();
        *self.attrs.borrow_mut() = AttrState::default();
        *self.pinned.borrow_mut() = Default::default();
        *self.marks.borrow_mut() = Default::default();
        *self.bans.borrow_mut() = Default::default();
        self.extras.borrow_mut().clear();
        Ok(())
    }

    fn attr_state(&self) -> Result<AttrState, ImError> {
        Ok(self.attrs.borrow().clone())
    }

    fn put_attr_state(&self, state: &AttrState) -> Result<(), ImError> {
        *self.attrs.borrow_mut() = state.clone();
        Ok(())
    }

    fn pinned_state(&self) -> Result<super::pinned::PinnedState, ImError> {
        Ok(self.pinned.borrow().clone())
    }

    fn put_pinned_state(&self, state: &super::pinned::PinnedState) -> Result<(), ImError> {
        *self.pinned.borrow_mut() = state.clone();
        Ok(())
    }

    fn message_extras(&self, log: &str, seq: u64) -> Result<MessageExtras, ImError> {
        let key = (log.to_owned(), seq);
        Ok(self.extras.borrow().get(&key).cloned().unwrap_or_default())
    }

    fn put_message_extras(
        &self,
        log: &str,
        seq: u64,
        extras: &MessageExtras,
    ) -> Result<(), ImError> {
        let key = (log.to_owned(), seq);
        self.extras.borrow_mut().insert(key, extras.clone());
        Ok(())
    }

    fn member_marks(&self) -> Result<super::marks::MarkState, ImError> {
        Ok(self.marks.borrow().clone())
    }

    fn put_member_marks(&self, state: &super::marks::MarkState) -> Result<(), ImError> {
        *self.marks.borrow_mut() = state.clone();
        Ok(())
    }

    fn ban_state(&self) -> Result<super::ban::BanState, ImError> {
        Ok(self.bans.borrow().clone())
    }

    fn put_ban_state(&self, state: &super::ban::BanState) -> Result<(), ImError> {
        *self.bans.borrow_mut() = state.clone();
        Ok(())
    }

    fn delivered_upto(&self) -> Result<Option<u64>, ImError> {
        Ok(*self.delivered.borrow())
    }

    fn set_delivered_upto(&self, seq: u64) -> Result<(), ImError> {
        *self.delivered.borrow_mut() = Some(seq);
        Ok(())
    }

    fn hubs(&self) -> Result<std::collections::BTreeSet<u32>, ImError> {
        Ok(self.hubs.borrow().clone())
    }

    fn set_hubs(&self, hubs: &std::collections::BTreeSet<u32>) -> Result<(), ImError> {
        *self.hubs.borrow_mut() = hubs.clone();
        Ok(())
    }
}
