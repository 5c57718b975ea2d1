//! The group's outgoing deliveries: stored messages and recalls queue here in the order they
//! happened, and the group object's pump takes them in batches that share one member list,
//! so a burst of sends costs one call per member per batch rather than per message.

use crate::hub::PushItem;
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::group::GroupMessage;
use serde::Serialize;
use std::collections::VecDeque;
use std::rc::Rc;

/// Deliveries sent to members in one call at most.
pub const MAX_BATCH: usize = 64;
/// Stored messages re-sent at most in one resume (a longer backlog takes several alarms).
pub const MAX_RESUME: u64 = 1_000;

/// The stored messages of the group's own log to send again after the group object lost
/// its queue (eviction, restart): SEQs after the delivered-up-to cursor, at most
/// [`MAX_RESUME`]. `None` when nothing is behind or no fan-out ever ran.
pub fn resume_range(delivered_upto: Option<u64>, max_seq: u64) -> Option<(u64, u64)> {
    let from = delivered_upto?.checked_add(1)?;
    (from <= max_seq).then(|| (from, max_seq.min(from + MAX_RESUME - 1)))
}

/// One thing a member's user object is told about.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "message", rename_all = "camelCase")]
pub enum Delivery {
    /// A new message.
    Message(GroupMessage),
    /// A message that was recalled.
    Recalled(GroupMessage),
    /// A message whose body or custom data changed.
    Modified(GroupMessage),
}

impl Delivery {
    /// The frame members' sockets get, encoded once for every hub.
    pub fn push_item(&self) -> PushItem {
        let (from, always, frame) = match self {
            Delivery::Message(m) => (
                m.from.clone(),
                false,
                ServerFrame::GroupMsg { message: m.clone() },
            ),
            Delivery::Recalled(m) => (
                m.from.clone(),
                true,
                ServerFrame::GroupRevoked { message: m.clone() },
            ),
            Delivery::Modified(m) => (
                m.from.clone(),
                true,
                ServerFrame::GroupModified { message: m.clone() },
            ),
        };
        PushItem {
            from,
            always,
            frame: frame.to_text(),
        }
    }
}

/// Deliveries for one set of members, oldest first.
#[derive(Debug)]
pub struct Batch<M> {
    pub members: Rc<M>,
    pub items: Vec<Delivery>,
}

impl<M> Batch<M> {
    /// The newest SEQ of the group's own log among the batch's messages (what a finished
    /// batch moves the delivered-up-to cursor to).
    pub fn last_seq(&self) -> Option<u64> {
        self.own_log_seqs().max()
    }

    fn own_log_seqs(&self) -> impl Iterator<Item = u64> + '_ {
        self.items.iter().filter_map(|d| match d {
            Delivery::Message(m) if m.topic_id.is_none() && m.seq > 0 => Some(m.seq),
            _ => None,
        })
    }

    /// Where the delivered-up-to cursor goes once this batch is out: it only moves on when
    /// the batch continues from it, so a gap (messages a lost queue held) stays behind the
    /// cursor until a resume sends it.
    pub fn advance(&self, cursor: Option<u64>) -> Option<u64> {
        let first = self.own_log_seqs().min()?;
        let last = self.last_seq()?;
        match cursor {
            Some(c) if first <= c.saturating_add(1) && last > c => Some(last),
            _ => None,
        }
    }
}

/// The queue and whether a pump is draining it. `M` is the member list deliveries go to.
#[derive(Debug)]
pub struct FanOutQueue<M> {
    queue: VecDeque<(Rc<M>, Delivery)>,
    pumping: bool,
}

impl<M> Default for FanOutQueue<M> {
    fn default() -> Self {
        FanOutQueue {
            queue: VecDeque::new(),
            pumping: false,
        }
    }
}

impl<M> FanOutQueue<M> {
    /// Queues `items` for `members` (the members when they happened). True when no pump is
    /// running: the caller starts one, which takes batches until `next_batch` says none.
    pub fn push(&mut self, members: &Rc<M>, items: impl IntoIterator<Item = Delivery>) -> bool {
        let before = self.queue.len();
        self.queue
            .extend(items.into_iter().map(|d| (Rc::clone(members), d)));
        if self.queue.len() == before || self.pumping {
            return false;
        }
        self.pumping = true;
        true
    }

    /// The oldest deliveries that share a member list, at most [`MAX_BATCH`]. `None` when the
    /// queue is empty, and the pump that asked stops (the next `push` starts another).
    pub fn next_batch(&mut self) -> Option<Batch<M>> {
        let Some((members, _)) = self.queue.front() else {
            self.pumping = false;
            return None;
        };
        let members = Rc::clone(members);
        let mut items = Vec::new();
        while items.len() < MAX_BATCH {
            match self.queue.front() {
                Some((m, _)) if Rc::ptr_eq(m, &members) => {}
                _ => break,
            }
            if let Some((_, d)) = self.queue.pop_front() {
                items.push(d);
            }
        }
        Some(Batch { members, items })
    }

    /// Stops the running pump with deliveries still queued (it spent its invocation's budget of
    /// calls); the next `push` or `restart` starts another, in a fresh invocation.
    pub fn hand_over(&mut self) {
        self.pumping = false;
    }

    /// Starts a pump over what is queued, if anything is and none runs: true when the caller
    /// is to run it.
    pub fn restart(&mut self) -> bool {
        if self.pumping || self.queue.is_empty() {
            return false;
        }
        self.pumping = true;
        true
    }

    /// Whether a pump is draining the queue.
    pub fn is_pumping(&self) -> bool {
        self.pumping
    }

    /// Deliveries waiting.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use edgechat_proto::fixtures::group_msg;

    fn msg(seq: u64) -> GroupMessage {
        group_msg("@TGS#1abc", seq, "a", 1, "hi")
    }

    fn seqs(b: &Batch<Vec<String>>) -> Vec<u64> {
        b.items
            .iter()
            .map(|d| match d {
                Delivery::Message(m) | Delivery::Recalled(m) | Delivery::Modified(m) => m.seq,
            })
            .collect()
    }

    #[test]
    fn the_first_push_asks_for_a_pump_and_later_ones_do_not() {
        let mut q = FanOutQueue::default();
        let m = Rc::new(vec!["a".to_owned()]);
        assert!(q.push(&m, [Delivery::Message(msg(1))]));
        assert!(!q.push(&m, [Delivery::Message(msg(2))]));
        assert_eq!(seqs(&q.next_batch().expect("a batch")), vec![1, 2]);
        assert!(q.next_batch().is_none());
        // The pump stopped: the next push starts another.
        assert!(q.push(&m, [Delivery::Message(msg(3))]));
    }

    #[test]
    fn an_empty_push_starts_nothing() {
        let mut q = FanOutQueue::default();
        let m: Rc<Vec<String>> = Rc::new(vec![]);
        assert!(!q.push(&m, []));
        assert!(q.is_empty());
    }

    #[test]
    fn batches_keep_order_and_split_where_the_member_list_changes() {
        let mut q = FanOutQueue::default();
        let before = Rc::new(vec!["a".to_owned(), "b".to_owned()]);
        let after = Rc::new(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]);
        q.push(
            &before,
            [Delivery::Message(msg(1)), Delivery::Message(msg(2))],
        );
        q.push(&after, [Delivery::Message(msg(3))]);
        q.push(&after, [Delivery::Recalled(msg(1))]);
        let first = q.next_batch().expect("first");
        assert_eq!(seqs(&first), vec![1, 2]);
        assert_eq!(first.members.len(), 2);
        let second = q.next_batch().expect("second");
        assert_eq!(seqs(&second), vec![3, 1]);
        assert_eq!(second.items[1], Delivery::Recalled(msg(1)));
        assert_eq!(second.members.len(), 3);
        assert!(q.next_batch().is_none());
    }

    #[test]
    fn a_batch_holds_at_most_max_batch() {
        let mut q = FanOutQueue::default();
        let m = Rc::new(vec!["a".to_owned()]);
        q.push(&m, (1..=150).map(|s| Delivery::Message(msg(s))));
        let sizes: Vec<usize> =
            std::iter::from_fn(|| q.next_batch().map(|b| b.items.len())).collect();
        assert_eq!(sizes, vec![MAX_BATCH, MAX_BATCH, 150 - 2 * MAX_BATCH]);
    }

    #[test]
    fn a_resume_covers_what_is_behind_the_cursor_in_bounded_steps() {
        assert_eq!(resume_range(None, 10), None, "no fan-out ever ran");
        assert_eq!(resume_range(Some(10), 10), None, "nothing behind");
        assert_eq!(resume_range(Some(12), 10), None);
        assert_eq!(resume_range(Some(7), 10), Some((8, 10)));
        assert_eq!(resume_range(Some(0), 5_000), Some((1, MAX_RESUME)));
        assert_eq!(resume_range(Some(u64::MAX), u64::MAX), None);
    }

    #[test]
    fn a_batch_moves_the_cursor_to_its_newest_own_log_message() {
        let mut q = FanOutQueue::default();
        let m = Rc::new(vec!["a".to_owned()]);
        let mut topic = msg(9);
        topic.topic_id = Some("@TGS#1abc@TOPIC#_t".into());
        let live_only = msg(0);
        q.push(
            &m,
            [
                Delivery::Message(msg(3)),
                Delivery::Message(topic),
                Delivery::Message(live_only),
                Delivery::Recalled(msg(1)),
            ],
        );
        assert!(q.is_pumping());
        assert_eq!(q.next_batch().expect("batch").last_seq(), Some(3));
        assert!(q.next_batch().is_none());
        assert!(!q.is_pumping());
        q.push(&m, [Delivery::Recalled(msg(2))]);
        assert_eq!(q.next_batch().expect("batch").last_seq(), None);
    }

    #[test]
    fn the_cursor_moves_only_over_contiguous_batches() {
        let batch = |seqs: &[u64]| Batch {
            members: Rc::new(()),
            items: seqs.iter().map(|s| Delivery::Message(msg(*s))).collect(),
        };
        assert_eq!(batch(&[5, 6]).advance(Some(4)), Some(6));
        assert_eq!(
            batch(&[5, 6]).advance(Some(5)),
            Some(6),
            "a re-sent batch overlaps"
        );
        assert_eq!(batch(&[5, 6]).advance(Some(6)), None, "already past it");
        assert_eq!(
            batch(&[8]).advance(Some(4)),
            None,
            "5..7 were lost: the resume sends them"
        );
        assert_eq!(batch(&[8]).advance(None), None);
        assert_eq!(batch(&[]).advance(Some(4)), None);
    }

    #[test]
    fn a_pump_out_of_budget_hands_over_to_the_next_push_or_a_restart() {
        let mut q = FanOutQueue::default();
        let m = Rc::new(vec!["a".to_owned()]);
        assert!(q.push(&m, [Delivery::Message(msg(1)), Delivery::Message(msg(2))]));
        assert!(!q.restart(), "a pump runs");
        q.hand_over();
        assert!(!q.is_pumping());
        assert!(q.restart(), "the alarm takes over what is queued");
        assert!(!q.restart());
        q.hand_over();
        assert!(
            q.push(&m, [Delivery::Message(msg(3))]),
            "or the next message does"
        );
        assert_eq!(seqs(&q.next_batch().expect("batch")), vec![1, 2, 3]);
        assert!(q.next_batch().is_none());
        assert!(!q.restart(), "nothing queued");
    }

    #[test]
    fn push_items_carry_the_frame_and_who_always_gets_it() {
        let m = Delivery::Message(msg(5)).push_item();
        assert_eq!((m.from.as_str(), m.always), ("a", false));
        let frame: serde_json::Value = serde_json::from_str(&m.frame).expect("json");
        assert_eq!(frame["message"]["seq"], 5);
        let r = Delivery::Recalled(msg(5)).push_item();
        assert!(r.always, "recalls reach members who discard messages too");
        assert_ne!(r.frame, m.frame);
    }

    #[test]
    fn deliveries_serialize_with_their_kind() {
        let v = serde_json::to_value(Delivery::Recalled(msg(4))).expect("json");
        assert_eq!(v["kind"], "recalled");
        assert_eq!(v["message"]["seq"], 4);
    }
}
