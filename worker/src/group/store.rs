//! Where a group keeps its records: [`GroupStore`], implemented in memory for tests and on
//! the Durable Object's SQLite storage in the worker (`sql`).

use super::model::{Application, GroupProfile, Member};
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
    /// The highest SEQ given out, 0 before the first stored message. Never goes down.
    fn max_seq(&self) -> Result<u64, ImError>;
    /// The message from `from` with `random` stored at `since` or later (dedupe).
    fn find_recent(
        &self,
        from: &str,
        random: u32,
        since: u64,
    ) -> Result<Option<GroupMessage>, ImError>;
    /// Stores `msg` with SEQ = max_seq + 1 in one atomic step; returns the stored copy.
    fn append(&self, msg: GroupMessage) -> Result<GroupMessage, ImError>;
    /// Stored messages with `from <= seq <= to`, oldest first.
    fn range(&self, from: u64, to: u64) -> Result<Vec<GroupMessage>, ImError>;
    fn replace(&self, msg: &GroupMessage) -> Result<(), ImError>;
    /// Deletes every stored message from `sender`; returns how many (their SEQs stay used).
    fn delete_by_sender(&self, sender: &str) -> Result<usize, ImError>;
    fn applications(&self) -> Result<Vec<Application>, ImError>;
    fn put_application(&self, app: &Application) -> Result<(), ImError>;
    fn remove_application(&self, user: &UserId) -> Result<(), ImError>;
    /// Removes members, applications and messages (dismiss); the SEQ counter stays.
    fn wipe(&self) -> Result<(), ImError>;
}
