//! Test fixtures for every crate's tests (feature `test-util`): messages with the fields a test
//! does not care about filled in, so each test names only what it checks.

use crate::group::{GroupMessage, Priority};
use crate::id::UserId;
use crate::message::{msg_key, MsgElem, StoredMessage};

/// A user ID a test knows is valid.
pub fn uid(s: &str) -> UserId {
    UserId::parse(s).expect("a valid test user ID")
}

/// A one-to-one text message `from` → `to`, sent at `time`, with its MsgKey.
pub fn stored(seq: u64, from: &str, to: &str, random: u32, time: u64, text: &str) -> StoredMessage {
    StoredMessage {
        need_read_receipt: false,
        receipt_read: false,
        seq,
        from: uid(from),
        to: uid(to),
        random,
        time,
        msg_key: msg_key(random, seq, time),
        msg_body: vec![MsgElem::text(text)],
        cloud_custom_data: String::new(),
        offline_push_info: None,
        recalled: false,
        deleted: false,
        nick: String::new(),
        avatar: String::new(),
    }
}

/// A text message of `group` at `seq` from `from`, sent at `time` (its random is the SEQ).
pub fn group_msg(group: &str, seq: u64, from: &str, time: u64, text: &str) -> GroupMessage {
    GroupMessage {
        need_read_receipt: false,
        group_id: group.into(),
        seq,
        from: from.into(),
        random: u32::try_from(seq).unwrap_or(u32::MAX),
        time,
        priority: Priority::Normal,
        msg_body: vec![MsgElem::text(text)],
        cloud_custom_data: String::new(),
        at_list: vec![],
        nick: String::new(),
        avatar: String::new(),
        name_card: String::new(),
        recalled: false,
        online_only: false,
        topic_id: None,
    }
}
