//! One group's messages on this device, by SEQ: pushes are applied only when contiguous,
//! a gap asks for a pull from the last contiguous SEQ, pulled pages fill it. Each message is
//! handed out (to become an event) exactly once and in SEQ order.

use edgechat_proto::group::GroupMessage;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct GroupLog {
    /// Every SEQ up to here is applied (or known to be gone).
    pub contiguous: u64,
    /// Applied messages (for history pages).
    pub store: super::tracked::Tracked<GroupMessage>,
    /// Pushed past a gap, applied once the gap is filled.
    early: BTreeMap<u64, GroupMessage>,
    /// A pull is in flight.
    pub pulling: bool,
}

/// What the caller must do after feeding the log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Step {
    /// Newly applied messages, in SEQ order.
    pub applied: Vec<GroupMessage>,
    /// Pull stored messages with SEQ greater than this.
    pub pull_since: Option<u64>,
}

impl GroupLog {
    /// A log that treats everything up to `seq` as already seen (a group first met now:
    /// older messages are history, read on demand).
    pub fn starting_at(seq: u64) -> Self {
        GroupLog {
            contiguous: seq,
            ..GroupLog::default()
        }
    }

    fn drain(&mut self, step: &mut Step) {
        while let Some(m) = self.early.remove(&(self.contiguous + 1)) {
            self.contiguous = m.seq;
            self.store.insert(m.seq, m.clone());
            step.applied.push(m);
        }
        self.early.retain(|seq, _| *seq > self.contiguous);
    }

    fn want_pull(&mut self, step: &mut Step) {
        if !self.pulling {
            self.pulling = true;
            step.pull_since = Some(self.contiguous);
        }
    }

    /// A message pushed live.
    pub fn on_push(&mut self, msg: GroupMessage) -> Step {
        let mut step = Step::default();
        if msg.seq == 0 {
            step.applied.push(msg); // live only: nothing to order
            return step;
        }
        if msg.seq <= self.contiguous {
            return step;
        }
        self.early.insert(msg.seq, msg);
        self.drain(&mut step);
        if !self.early.is_empty() {
            self.want_pull(&mut step);
        }
        step
    }

    /// The server says the group's newest SEQ is `max_seq` (group list, login).
    pub fn on_known_max(&mut self, max_seq: u64) -> Step {
        let mut step = Step::default();
        if max_seq > self.contiguous {
            self.want_pull(&mut step);
        }
        step
    }

    /// A pulled page: messages with SEQ > the `since` asked, `min_seq` the first readable.
    pub fn on_page(
        &mut self,
        messages: Vec<GroupMessage>,
        complete: bool,
        max_seq: u64,
        min_seq: u64,
    ) -> Step {
        self.pulling = false;
        let mut step = Step::default();
        if min_seq > 0 && self.contiguous < min_seq - 1 {
            self.contiguous = min_seq - 1;
        }
        let last = messages.last().map(|m| m.seq);
        for m in messages {
            if m.seq > self.contiguous {
                // What the server has not got between is gone (purged): skip past it.
                self.contiguous = m.seq;
                self.store.insert(m.seq, m.clone());
                step.applied.push(m);
            }
        }
        self.drain(&mut step);
        if complete && last.is_none_or(|l| l < max_seq) && self.early.is_empty() {
            self.contiguous = self.contiguous.max(max_seq);
        }
        if !complete || !self.early.is_empty() || self.contiguous < max_seq {
            self.want_pull(&mut step);
        }
        step
    }

    /// The connection dropped: a pull in flight will not be answered.
    pub fn on_disconnect(&mut self) {
        self.pulling = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use edgechat_proto::fixtures::group_msg;

    fn msg(seq: u64) -> GroupMessage {
        group_msg("g", seq, "a", seq, "x")
    }

    fn seqs(step: &Step) -> Vec<u64> {
        step.applied.iter().map(|m| m.seq).collect()
    }

    #[test]
    fn contiguous_pushes_apply_a_gap_pulls() {
        let mut log = GroupLog::starting_at(0);
        assert_eq!(seqs(&log.on_push(msg(1))), vec![1]);
        let s = log.on_push(msg(3));
        assert!(s.applied.is_empty());
        assert_eq!(s.pull_since, Some(1));
        assert_eq!(log.on_push(msg(4)).pull_since, None, "one pull at a time");
        let s = log.on_page(vec![msg(2), msg(3)], true, 4, 1);
        assert_eq!(seqs(&s), vec![2, 3, 4]);
        assert_eq!(log.contiguous, 4);
        assert!(log.on_push(msg(2)).applied.is_empty(), "a late duplicate");
    }

    #[test]
    fn live_only_messages_pass_through() {
        let mut log = GroupLog::starting_at(5);
        assert_eq!(seqs(&log.on_push(msg(0))), vec![0]);
        assert_eq!(log.contiguous, 5);
    }

    #[test]
    fn pages_skip_what_the_member_may_not_read_or_was_purged() {
        let mut log = GroupLog::starting_at(0);
        log.on_known_max(9);
        let s = log.on_page(vec![msg(7), msg(9)], true, 9, 6);
        assert_eq!(seqs(&s), vec![7, 9]);
        assert_eq!((log.contiguous, s.pull_since), (9, None));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        /// A server log of `n` messages; the client sees a random subset of pushes, in order
        /// but possibly late, disconnects at random, and learns the max at reconnect; pulls are
        /// answered in pages of `page`. Every message is applied exactly once, in order.
        #[derive(Debug, Clone)]
        enum Ev {
            Push(bool),
            Disconnect,
            AnswerPull,
        }

        fn ev() -> impl Strategy<Value = Ev> {
            prop_oneof![
                6 => any::<bool>().prop_map(Ev::Push),
                1 => Just(Ev::Disconnect),
                3 => Just(Ev::AnswerPull),
            ]
        }

        proptest! {
            #[test]
            fn no_loss_no_duplicate_under_random_drops(
                events in prop::collection::vec(ev(), 1..200),
                page in 1usize..7,
            ) {
                let mut log = GroupLog::starting_at(0);
                let mut server = 0u64; // messages stored so far
                let mut pending: Option<u64> = None; // a pull in flight: since
                let mut applied: Vec<u64> = Vec::new();
                let feed = |step: Step, pending: &mut Option<u64>, applied: &mut Vec<u64>| {
                    applied.extend(step.applied.iter().map(|m| m.seq));
                    if let Some(since) = step.pull_since {
                        *pending = Some(since);
                    }
                };
                for e in events {
                    match e {
                        Ev::Push(delivered) => {
                            server += 1;
                            if delivered {
                                let s = log.on_push(msg(server));
                                feed(s, &mut pending, &mut applied);
                            }
                        }
                        Ev::Disconnect => {
                            log.on_disconnect();
                            pending = None;
                            let s = log.on_known_max(server); // the reconnect's group list
                            feed(s, &mut pending, &mut applied);
                        }
                        Ev::AnswerPull => {
                            if let Some(since) = pending.take() {
                                let to = (since + page as u64).min(server);
                                let msgs: Vec<_> = (since + 1..=to).map(msg).collect();
                                let s = log.on_page(msgs, to >= server, server, 1);
                                feed(s, &mut pending, &mut applied);
                            }
                        }
                    }
                }
                // Finally the heartbeat reports the max and pulls are answered until done.
                log.on_disconnect();
                pending = None;
                let s = log.on_known_max(server);
                feed(s, &mut pending, &mut applied);
                let mut guard = 0;
                while let Some(since) = pending.take() {
                    let to = (since + page as u64).min(server);
                    let msgs: Vec<_> = (since + 1..=to).map(msg).collect();
                    let s = log.on_page(msgs, to >= server, server, 1);
                    feed(s, &mut pending, &mut applied);
                    guard += 1;
                    prop_assert!(guard < 1000, "pulls never end");
                }
                prop_assert_eq!(applied, (1..=server).collect::<Vec<_>>());
            }
        }
    }
}
