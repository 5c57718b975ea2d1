//! The group's outgoing deliveries: stored messages and recalls queue here in the order they
//! happened, and the group object's pump takes them in batches that share one member list,
//! so a burst of sends costs one call per member per batch rather than per message.

use edgechat_proto::group::GroupMessage;
use serde::Serialize;
use std::collections::VecDeque;
use std::rc::Rc;

/// Deliveries sent to members in one call at most.
pub const MAX_BATCH: usize = 64;

/// One thing a member's user object is told about.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "message", rename_all = "camelCase")]
pub enum Delivery {
    /// A new message.
    Message(GroupMessage),
    /// A message that was recalled.
    Recalled(GroupMessage),
}

/// Deliveries for one set of members, oldest first.
#[derive(Debug)]
pub struct Batch {
    pub members: Rc<Vec<String>>,
    pub items: Vec<Delivery>,
}

/// The queue and whether a pump is draining it.
#[derive(Debug, Default)]
pub struct FanOutQueue {
    queue: VecDeque<(Rc<Vec<String>>, Delivery)>,
    pumping: bool,
}

impl FanOutQueue {
    /// Queues `items` for `members` (the members when they happened). True when no pump is
    /// running: the caller starts one, which takes batches until `next_batch` says none.
    pub fn push(
        &mut self,
        members: &Rc<Vec<String>>,
        items: impl IntoIterator<Item = Delivery>,
    ) -> bool {
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
    pub fn next_batch(&mut self) -> Option<Batch> {
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

    fn msg(seq: u64) -> GroupMessage {
        serde_json::from_value(serde_json::json!({
            "groupId": "@TGS#1abc", "seq": seq, "random": seq, "time": 1, "from": "a",
            "msgBody": []
        }))
        .expect("a group message")
    }

    fn seqs(b: &Batch) -> Vec<u64> {
        b.items
            .iter()
            .map(|d| match d {
                Delivery::Message(m) | Delivery::Recalled(m) => m.seq,
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
        let m = Rc::new(vec![]);
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
    fn deliveries_serialize_with_their_kind() {
        let v = serde_json::to_value(Delivery::Recalled(msg(4))).expect("json");
        assert_eq!(v["kind"], "recalled");
        assert_eq!(v["message"]["seq"], 4);
    }
}
