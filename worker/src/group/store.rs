//! Where a group keeps its records: [`GroupStore`], implemented in memory for tests and on
//! the Durable Object's SQLite storage in the worker (`sql`).

use super::attrs::AttrState;
use super::model::{Application, GroupProfile, Member, Topic};
use super::pmg::PermissionGroup;
use edgechat_proto::extras::MessageExtras;
use edgechat_proto::group::GroupMessage;
use edgechat_proto::{ImError, UserId};

pub trait GroupStore {
    fn profile(&self) -> Result<Option<GroupProfile>, ImError>;
    fn put_profile(&self, profile: &GroupProfile) -> Result<(), ImError>;
    /// Forgets the profile (after a dismiss the ID answers 10010).
    fn clear_profile(&self) -> Result<(), ImError>;
    fn member(&self, user: &UserId) -> Result<Option<Member>, ImError>;
    fn put_member(&self, member: &Member) -> Result<(), ImError>;
    fn remove_member(&self, user: &UserId) -> Result<(), ImError>;
    /// Members in join order (then UserID), `offset` skipped, at most `limit`.
    fn members(&self, offset: usize, limit: usize) -> Result<Vec<Member>, ImError>;
    fn member_count(&self) -> Result<u32, ImError>;
    /// The highest SEQ of `log` ("" the group's own, else a topic ID), 0 before its first
    /// stored message. Never goes down.
    fn log_max_seq(&self, log: &str) -> Result<u64, ImError>;
    /// The message of `log` from `from` with `random` stored at `since` or later (dedupe).
    fn log_find_recent(
        &self,
        log: &str,
        from: &str,
        random: u32,
        since: u64,
    ) -> Result<Option<GroupMessage>, ImError>;
    /// Stores `msg` in `log` with SEQ = its max + 1 in one atomic step; returns the copy.
    fn log_append(&self, log: &str, msg: GroupMessage) -> Result<GroupMessage, ImError>;
    /// Stored messages of `log` with `from <= seq <= to`, oldest first.
    fn log_range(&self, log: &str, from: u64, to: u64) -> Result<Vec<GroupMessage>, ImError>;
    fn log_replace(&self, log: &str, msg: &GroupMessage) -> Result<(), ImError>;
    /// The newest stored message of `log`.
    fn log_last(&self, log: &str) -> Result<Option<GroupMessage>, ImError>;
    /// The newest SEQ of `log` stored from `sender` (0 if none).
    fn log_last_from(&self, log: &str, sender: &str) -> Result<u64, ImError>;
    /// Stored messages of `log` after `after` from neither `me` nor the system (tips),
    /// counted up to `limit`.
    fn log_count_others(&self, log: &str, after: u64, me: &str, limit: u32)
        -> Result<u32, ImError>;
    /// Deletes every stored message from `sender` in every log; returns how many (their
    /// SEQs stay used).
    fn delete_by_sender(&self, sender: &str) -> Result<usize, ImError>;
    /// Community permission groups.
    fn permission_groups(&self) -> Result<Vec<PermissionGroup>, ImError>;
    fn put_permission_group(&self, group: &PermissionGroup) -> Result<(), ImError>;
    fn remove_permission_group(&self, id: &str) -> Result<(), ImError>;
    /// Community topics.
    fn topics(&self) -> Result<Vec<Topic>, ImError>;
    fn put_topic(&self, topic: &Topic) -> Result<(), ImError>;
    /// Removes a topic and its messages (its SEQ counter stays).
    fn remove_topic(&self, id: &str) -> Result<(), ImError>;

    /// The group's own log: `log_max_seq("")`.
    fn max_seq(&self) -> Result<u64, ImError> {
        self.log_max_seq("")
    }
    fn find_recent(
        &self,
        from: &str,
        random: u32,
        since: u64,
    ) -> Result<Option<GroupMessage>, ImError> {
        self.log_find_recent("", from, random, since)
    }
    fn append(&self, msg: GroupMessage) -> Result<GroupMessage, ImError> {
        self.log_append("", msg)
    }
    fn range(&self, from: u64, to: u64) -> Result<Vec<GroupMessage>, ImError> {
        self.log_range("", from, to)
    }
    fn replace(&self, msg: &GroupMessage) -> Result<(), ImError> {
        self.log_replace("", msg)
    }
    fn applications(&self) -> Result<Vec<Application>, ImError>;
    fn put_application(&self, app: &Application) -> Result<(), ImError>;
    fn remove_application(&self, user: &UserId) -> Result<(), ImError>;
    /// Removes members, applications and messages (dismiss); the SEQ counter stays.
    fn wipe(&self) -> Result<(), ImError>;
    /// The newest SEQ of the group's own log whose fan-out is done (`None` before the first).
    fn delivered_upto(&self) -> Result<Option<u64>, ImError>;
    fn set_delivered_upto(&self, seq: u64) -> Result<(), ImError>;
    /// The hubs with a member of the group online (the group's subscribers, `hub::room`).
    /// The group's attributes and counters (empty until first written).
    fn attr_state(&self) -> Result<AttrState, ImError>;
    fn put_attr_state(&self, state: &AttrState) -> Result<(), ImError>;
    /// The pinned messages of the group and its topics (none until first pinned).
    fn pinned_state(&self) -> Result<super::pinned::PinnedState, ImError>;
    fn put_pinned_state(&self, state: &super::pinned::PinnedState) -> Result<(), ImError>;
    /// Message `seq` of `log`'s extensions and reactions (empty when none were ever set).
    fn message_extras(&self, log: &str, seq: u64) -> Result<MessageExtras, ImError>;
    fn put_message_extras(
        &self,
        log: &str,
        seq: u64,
        extras: &MessageExtras,
    ) -> Result<(), ImError>;
    /// An AVChatRoom's member marks.
    fn member_marks(&self) -> Result<super::marks::MarkState, ImError>;
    fn put_member_marks(&self, state: &super::marks::MarkState) -> Result<(), ImError>;
    /// The group's bans.
    fn ban_state(&self) -> Result<super::ban::BanState, ImError>;
    fn put_ban_state(&self, state: &super::ban::BanState) -> Result<(), ImError>;
    fn hubs(&self) -> Result<std::collections::BTreeSet<u32>, ImError>;
    fn set_hubs(&self, hubs: &std::collections::BTreeSet<u32>) -> Result<(), ImError>;
}
