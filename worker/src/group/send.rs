//! Group messages over any [`GroupStore`]: send (permission, mute, dedupe, rate, SEQ),
//! recall, read positions and sync pages by SEQ.

use super::msg_rate::GroupRate;
use super::perm::{Actor, Op};
use super::rules::{code, Caller, Effects, Group};
use super::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::group::{GroupMessage, Priority, AT_ALL};
use edgechat_proto::message::{validate_body, MsgElem};
use edgechat_proto::{ImError, UserId};

/// A resend with the same sender and Random within this many seconds is the same message.
pub const DEDUPE_WINDOW_SECS: u64 = 300;
/// Most messages in one sync page.
pub const SYNC_PAGE: usize = 100;
/// Recall results per SEQ (Tencent's group codes): no such message, past the recall
/// window, not recallable (already recalled).
use edgechat_proto::codes::{RECALL_NOT_ALLOWED, RECALL_NOT_FOUND, RECALL_TOO_OLD};
/// Most mentions in one message.
pub const MAX_AT: usize = 30;

/// A message to send, already parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct SendRequest {
    /// The sender shown; an app admin may send as anyone (or as itself).
    pub from: UserId,
    /// The Community topic it goes to, if any.
    pub topic: Option<String>,
    pub random: u32,
    pub priority: Priority,
    pub body: Vec<MsgElem>,
    pub cloud_custom_data: String,
    pub at_list: Vec<String>,
    /// Delivered live, never stored (system notices, typing).
    pub online_only: bool,
    /// The sender asks for read receipts (kept where the group type keeps them).
    pub need_read_receipt: bool,
    pub nick: String,
    pub avatar: String,
}

/// The largest group whose messages may ask for read receipts.
const MAX_RECEIPT_MEMBERS: u32 = 200;

/// What became of a send.
#[derive(Debug, Clone, PartialEq)]
pub enum Sent {
    /// Stored with a SEQ (or live only where nothing is stored).
    Delivered(GroupMessage),
    /// The same sender and Random were seen within 5 minutes: the first copy.
    Duplicate(GroupMessage),
    /// Over the group's rate: not stored, not delivered; the sender is told it succeeded.
    Dropped(GroupMessage),
}

impl Sent {
    pub fn message(&self) -> &GroupMessage {
        match self {
            Sent::Delivered(m) | Sent::Duplicate(m) | Sent::Dropped(m) => m,
        }
    }
}

/// Per SEQ its result code (0 recalled), and the recalled messages.
pub type Recalled = (Vec<(u64, u32)>, Vec<GroupMessage>);

/// A page of stored messages for a member.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncPage {
    pub messages: Vec<GroupMessage>,
    pub complete: bool,
    pub max_seq: u64,
    /// The first SEQ this member may read.
    pub min_seq: u64,
}

impl<S: GroupStore> Group<'_, S> {
    /// Sends a message as `caller`. Refusals: 10007 not a member, 10017 muted, 80002 too
    /// long, 10004 a bad body or mention.
    pub fn send(
        &mut self,
        caller: &Caller,
        req: SendRequest,
        rate: &mut GroupRate,
        now: u64,
    ) -> Result<(Sent, Effects), ImError> {
        let member = match &req.topic {
            Some(topic) if self.pmg_enabled() => self.require_topic_send(caller, topic)?,
            _ => self.require(caller, Op::Send)?,
        };
        let (actor, _) = self.actor(caller)?;
        if self.pmg_enabled() && req.at_list.iter().any(|a| a == AT_ALL) {
            if let (Actor::Admin | Actor::Member, Some(m)) = (actor, &member) {
                let mut bits = self.member_bits(&m.user)?;
                let mut need = super::pmg::GROUP_AT_ALL;
                if let Some(topic) = &req.topic {
                    bits |= self.topic_bits(&m.user, topic)?;
                    need |= super::pmg::TOPIC_AT_ALL;
                }
                if bits & need == 0 {
                    return Err(code(
                        codes::NO_PERMISSION,
                        format!("{} may not @all here", m.user),
                    ));
                }
            }
        }
        if actor != Actor::AppAdmin {
            if let Some(m) = &member {
                if m.muted_at(now) {
                    return Err(code(
                        codes::MUTED,
                        format!(
                            "{} is muted in {} until {}",
                            m.user,
                            self.id(),
                            m.mute_until
                        ),
                    ));
                }
                if self.profile.mute_all && m.role == edgechat_proto::group::Role::Member {
                    return Err(code(
                        codes::MUTED,
                        format!("everyone is muted in {}", self.id()),
                    ));
                }
            }
        }
        let log = req.topic.clone().unwrap_or_default();
        if !log.is_empty() {
            let topic = self.topic(&log)?;
            let plain = member
                .as_ref()
                .is_some_and(|m| m.role == edgechat_proto::group::Role::Member);
            if topic.mute_all && plain && actor != Actor::AppAdmin {
                return Err(code(
                    codes::MUTED,
                    format!("everyone is muted in topic {log}"),
                ));
            }
        }
        validate_body(&req.body, &req.cloud_custom_data)?;
        if req.at_list.len() > MAX_AT {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!("at most {MAX_AT} mentions per message"),
            ));
        }
        for at in &req.at_list {
            if at != AT_ALL {
                UserId::parse(at)?;
            }
        }
        if let Some(first) = self.store.log_find_recent(
            &log,
            req.from.as_str(),
            req.random,
            now.saturating_sub(DEDUPE_WINDOW_SECS),
        )? {
            return Ok((Sent::Duplicate(first), Effects::default()));
        }
        let name_card = member
            .as_ref()
            .map(|m| m.name_card.clone())
            .unwrap_or_default();
        // Tencent keeps group read receipts for groups of at most 200 members.
        let receipts = req.need_read_receipt
            && self.ty().keeps_receipts()
            && self.store.member_count()? <= MAX_RECEIPT_MEMBERS;
        let mut msg = GroupMessage {
            need_read_receipt: receipts,
            group_id: self.id().to_owned(),
            seq: 0,
            from: req.from.to_string(),
            random: req.random,
            time: now,
            priority: req.priority,
            msg_body: req.body,
            cloud_custom_data: req.cloud_custom_data,
            at_list: req.at_list,
            nick: req.nick,
            avatar: req.avatar,
            name_card,
            recalled: false,
            online_only: req.online_only,
            topic_id: req.topic,
        };
        if !rate.admit(now, req.priority) {
            return Ok((Sent::Dropped(msg), Effects::default()));
        }
        if self.ty().stores_messages() && !msg.online_only {
            msg = self.store.log_append(&log, msg)?;
        } else {
            msg.online_only = true;
        }
        if self.profile.last_msg_time != now || !self.profile.activated {
            self.profile.last_msg_time = now;
            self.profile.activated = true;
            self.store.put_profile(&self.profile)?;
        }
        if let Some(mut m) = member {
            m.last_send_time = now;
            if msg.seq > 0 && log.is_empty() {
                m.msg_seq = msg.seq; // what I sent, I have read
            }
            self.store.put_member(&m)?;
        }
        let fx = Effects {
            messages: vec![msg.clone()],
            ..Effects::default()
        };
        Ok((Sent::Delivered(msg), fx))
    }

    /// With permission groups on, a topic message needs the community's SendGroupMessage or
    /// the topic's SendTopicMessage bit (the owner and app admins need neither).
    fn require_topic_send(
        &self,
        caller: &Caller,
        topic: &str,
    ) -> Result<Option<super::model::Member>, ImError> {
        let (actor, member) = self.actor(caller)?;
        match (actor, &member) {
            (Actor::AppAdmin | Actor::Owner, _) => Ok(member),
            (Actor::Admin | Actor::Member, Some(m)) => {
                let ok = self.member_bits(&m.user)? & super::pmg::SEND_GROUP_MESSAGE != 0
                    || self.topic_bits(&m.user, topic)? & super::pmg::SEND_TOPIC_MESSAGE != 0;
                if ok {
                    Ok(member)
                } else {
                    Err(code(
                        codes::NO_PERMISSION,
                        format!("{} may not send in topic {topic}", m.user),
                    ))
                }
            }
            _ => Err(code(
                codes::NO_PERMISSION,
                format!("only members send in topic {topic}"),
            )),
        }
    }

    /// Recalls messages by SEQ: a member their own within `window` seconds; owners, admins
    /// and app admins anyone's at any time. Answers per SEQ: 0, or the error code.
    pub fn recall(
        &mut self,
        caller: &Caller,
        seqs: &[u64],
        window: u64,
        now: u64,
    ) -> Result<Recalled, ImError> {
        self.recall_in(caller, "", seqs, window, now)
    }

    /// `recall` in a log: "" the group's own, else a topic ID.
    pub fn recall_in(
        &mut self,
        caller: &Caller,
        log: &str,
        seqs: &[u64],
        window: u64,
        now: u64,
    ) -> Result<Recalled, ImError> {
        if !log.is_empty() {
            self.topic(log)?;
        }
        let (actor, _) = self.actor(caller)?;
        let mut results = Vec::new();
        let mut recalled = Vec::new();
        for &seq in seqs {
            let found = self.store.log_range(log, seq, seq)?.into_iter().next();
            let outcome = match found {
                None => Err(RECALL_NOT_FOUND),
                Some(m) if m.recalled => Err(RECALL_NOT_ALLOWED),
                Some(mut m) => {
                    let own = caller.user.as_ref().is_some_and(|u| u.as_str() == m.from);
                    let manager = super::perm::allowed(Op::RecallOthers, actor, self.ty()).is_ok();
                    if !manager && !own {
                        Err(codes::NO_PERMISSION)
                    } else if !manager && now > m.time + window {
                        Err(RECALL_TOO_OLD)
                    } else {
                        m.recalled = true;
                        self.store.log_replace(log, &m)?;
                        recalled.push(m);
                        Ok(())
                    }
                }
            };
            results.push((seq, outcome.err().unwrap_or(0)));
        }
        Ok((results, recalled))
    }

    /// Stored messages with SEQ > `since` that `caller` may read, a page at a time.
    pub fn sync(&self, caller: &Caller, since: u64, limit: usize) -> Result<SyncPage, ImError> {
        self.sync_in(caller, "", since, limit)
    }

    /// `sync` in a log: "" the group's own, else a topic ID (topics show their whole history).
    pub fn sync_in(
        &self,
        caller: &Caller,
        log: &str,
        since: u64,
        limit: usize,
    ) -> Result<SyncPage, ImError> {
        let member = self.require(caller, Op::ReadHistory)?;
        if !log.is_empty() {
            self.topic(log)?;
        }
        let max_seq = self.store.log_max_seq(log)?;
        let min_seq = match &member {
            Some(m) if log.is_empty() && !self.history_before_join => m.join_seq + 1,
            _ => 1,
        };
        let from = since.saturating_add(1).max(min_seq);
        let limit = limit.clamp(1, SYNC_PAGE) as u64;
        let to = from.saturating_add(limit - 1).min(max_seq);
        let messages = self.store.log_range(log, from, to)?;
        Ok(SyncPage {
            messages,
            complete: to >= max_seq,
            max_seq,
            min_seq,
        })
    }
}
