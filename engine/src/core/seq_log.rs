//! One sequence of messages on this device by SEQ (the user's one-to-one inbox, or one group):
//! pushes are applied only when contiguous, a gap asks for a pull from the last contiguous SEQ,
//! pulled pages fill it and skip what the server no longer has. Each message new to this
//! device is handed out (to become an event) exactly once and in SEQ order; one already held
//! (restored from the local store, read in a history page) is refreshed, not handed out again.

use super::tracked::Tracked;
use edgechat_proto::group::GroupMessage;
use edgechat_proto::message::StoredMessage;
use std::collections::BTreeMap;

/// A message with its place in a sequence.
pub trait Sequenced: Clone + PartialEq {
    /// Its SEQ; 0 for an online-only message (never stored, not ordered).
    fn seq(&self) -> u64;
}

impl Sequenced for StoredMessage {
    fn seq(&self) -> u64 {
        self.seq
    }
}

impl Sequenced for GroupMessage {
    fn seq(&self) -> u64 {
        self.seq
    }
}

#[derive(Debug, Clone)]
pub struct SeqLog<M> {
    /// Every SEQ up to here is applied (or known to be gone).
    pub contiguous: u64,
    /// Held messages: applied ones, history pages, what the local store restored.
    pub store: Tracked<M>,
    /// Pushed past a gap, applied once the gap is filled.
    early: BTreeMap<u64, M>,
    /// A pull is in flight.
    pulling: bool,
}

impl<M> Default for SeqLog<M> {
    fn default() -> Self {
        SeqLog {
            contiguous: 0,
            store: Tracked::default(),
            early: BTreeMap::new(),
            pulling: false,
        }
    }
}

/// What the caller must do after feeding the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Step<M> {
    /// Messages new to this device, in SEQ order.
    pub applied: Vec<M>,
    /// Pull stored messages with SEQ greater than this.
    pub pull_since: Option<u64>,
}

impl<M> Default for Step<M> {
    fn default() -> Self {
        Step {
            applied: Vec::new(),
            pull_since: None,
        }
    }
}

impl<M: Sequenced> SeqLog<M> {
    /// A log that treats everything up to `seq` as already seen (a group first met now:
    /// older messages are history, read on demand).
    pub fn starting_at(seq: u64) -> Self {
        SeqLog {
            contiguous: seq,
            ..SeqLog::default()
        }
    }

    /// Takes `m` (its SEQ is the next one): new messages are handed out, held ones refreshed
    /// with the server's copy (a recall or an edit made meanwhile) without being handed out.
    fn apply(&mut self, m: M, step: &mut Step<M>) {
        let seq = m.seq();
        self.contiguous = seq;
        if self.store.contains_key(&seq) {
            self.store.upsert(seq, m);
        } else {
            self.store.insert(seq, m.clone());
            step.applied.push(m);
        }
    }

    fn drain(&mut self, step: &mut Step<M>) {
        // Nothing follows SEQ u64::MAX (a server that sends it ends the log there).
        while let Some(m) = (self.contiguous.checked_add(1)).and_then(|n| self.early.remove(&n)) {
            self.apply(m, step);
        }
        self.early.retain(|seq, _| *seq > self.contiguous);
    }

    /// Asks for a pull from the last contiguous SEQ: `Some(since)` unless one is in flight.
    pub fn pull(&mut self) -> Option<u64> {
        if self.pulling {
            return None;
        }
        self.pulling = true;
        Some(self.contiguous)
    }

    fn want_pull(&mut self, step: &mut Step<M>) {
        if let Some(since) = self.pull() {
            step.pull_since = Some(since);
        }
    }

    /// A message pushed live (or acknowledged to its sender).
    pub fn on_push(&mut self, msg: M) -> Step<M> {
        let mut step = Step::default();
        let seq = msg.seq();
        if seq == 0 {
            step.applied.push(msg); // live only: nothing to order
            return step;
        }
        if seq <= self.contiguous {
            return step;
        }
        self.early.insert(seq, msg);
        self.drain(&mut step);
        if !self.early.is_empty() {
            self.want_pull(&mut step);
        }
        step
    }

    /// The server says the newest SEQ is `max_seq` (group list, login, heartbeat).
    pub fn on_known_max(&mut self, max_seq: u64) -> Step<M> {
        let mut step = Step::default();
        if max_seq > self.contiguous {
            self.want_pull(&mut step);
        }
        step
    }

    /// A pulled page: messages with SEQ > the `since` asked, oldest first; `complete` when it
    /// ends at the server's newest, `max_seq`; `min_seq` the first the server lets this
    /// member read (0: no floor). SEQs the server skips are gone (expired, purged).
    pub fn on_page(
        &mut self,
        messages: Vec<M>,
        complete: bool,
        max_seq: u64,
        min_seq: u64,
    ) -> Step<M> {
        self.pulling = false;
        let mut step = Step::default();
        if min_seq > 0 && self.contiguous < min_seq - 1 {
            self.contiguous = min_seq - 1;
        }
        // The page is everything the server holds past the `since` asked up to `covered` (its
        // newest when complete): a SEQ it skips there is gone, so what arrived earlier by push
        // up to `covered` applies in order with the page, past any gap.
        let last = messages.last().map(Sequenced::seq);
        let covered = match (complete, last) {
            (true, last) => max_seq.max(last.unwrap_or(0)),
            (false, Some(last)) => last,
            (false, None) => self.contiguous,
        };
        for m in messages {
            if m.seq() > self.contiguous {
                self.early.insert(m.seq(), m); // the server's copy replaces a pushed one
            }
        }
        while let Some(entry) = self.early.first_entry() {
            if *entry.key() > covered {
                break;
            }
            let m = entry.remove();
            if m.seq() > self.contiguous {
                self.apply(m, &mut step);
            }
        }
        self.contiguous = self.contiguous.max(covered);
        self.drain(&mut step);
        if !complete || !self.early.is_empty() {
            self.want_pull(&mut step);
        }
        step
    }

    /// The connection dropped (or a pull was refused): a pull in flight will not be answered.
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

    fn seqs(step: &Step<GroupMessage>) -> Vec<u64> {
        step.applied.iter().map(|m| m.seq).collect()
    }

    #[test]
    fn contiguous_pushes_apply_a_gap_pulls() {
        let mut log = SeqLog::starting_at(0);
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
        let mut log = SeqLog::starting_at(5);
        assert_eq!(seqs(&log.on_push(msg(0))), vec![0]);
        assert_eq!(log.contiguous, 5);
    }

    #[test]
    fn pages_skip_what_the_member_may_not_read_or_was_purged() {
        let mut log = SeqLog::starting_at(0);
        log.on_known_max(9);
        let s = log.on_page(vec![msg(7), msg(9)], true, 9, 6);
        assert_eq!(seqs(&s), vec![7, 9]);
        assert_eq!((log.contiguous, s.pull_since), (9, None));
    }

    #[test]
    fn a_page_past_an_expired_start_applies_what_the_server_still_has() {
        // A one-to-one inbox on a new device: SEQs 1..=4 expired, no floor given.
        let mut log = SeqLog::starting_at(0);
        assert_eq!(log.pull(), Some(0));
        let s = log.on_page(vec![msg(5), msg(6), msg(7)], true, 7, 0);
        assert_eq!(seqs(&s), vec![5, 6, 7]);
        assert_eq!((log.contiguous, s.pull_since), (7, None), "no pull again");
    }

    #[test]
    fn held_messages_are_refreshed_not_handed_out_again() {
        // 2 restored from the local store, 4 read in a history page; 2 was recalled meanwhile.
        let mut log = SeqLog::starting_at(0);
        log.store.load(2, msg(2));
        log.store.load(4, msg(4));
        let mut recalled = msg(2);
        recalled.recalled = true;
        log.pull();
        let s = log.on_page(vec![msg(1), recalled, msg(3)], false, 5, 0);
        assert_eq!(seqs(&s), vec![1, 3]);
        assert!(
            log.store[&2].recalled,
            "the server's copy replaced the held one"
        );
        assert_eq!(s.pull_since, Some(3));
        let s = log.on_push(msg(5));
        assert!(s.applied.is_empty(), "4 is still missing");
        let s = log.on_page(vec![msg(4), msg(5)], true, 5, 0);
        assert_eq!(seqs(&s), vec![5]);
        assert_eq!(
            log.store.take_changed(),
            vec![1, 2, 3, 5],
            "unchanged 4 not rewritten"
        );
    }

    #[test]
    fn a_pushed_message_the_server_no_longer_has_is_applied_not_pulled_forever() {
        // 1 was lost, 2 pushed; then both expired: the complete page is empty.
        let mut log = SeqLog::starting_at(0);
        assert_eq!(log.on_push(msg(2)).pull_since, Some(0));
        let s = log.on_page(vec![], true, 2, 0);
        assert_eq!(seqs(&s), vec![2]);
        assert_eq!((log.contiguous, s.pull_since), (2, None));
    }

    #[test]
    fn a_message_at_the_largest_seq_ends_the_log_without_overflow() {
        // Found by fuzzing (fuzz/, engine_frames): `contiguous + 1` overflowed.
        let mut log: SeqLog<GroupMessage> = SeqLog::starting_at(u64::MAX - 1);
        assert_eq!(seqs(&log.on_push(msg(u64::MAX))), vec![u64::MAX]);
        assert_eq!(log.contiguous, u64::MAX);
        assert!(seqs(&log.on_push(msg(u64::MAX))).is_empty(), "seen");
        assert!(seqs(&log.on_page(vec![msg(u64::MAX)], true, u64::MAX, 0)).is_empty());
    }

    #[test]
    fn a_refused_pull_can_be_asked_again() {
        let mut log: SeqLog<GroupMessage> = SeqLog::starting_at(0);
        assert_eq!(log.on_known_max(3).pull_since, Some(0));
        assert_eq!(log.pull(), None, "in flight");
        log.on_disconnect();
        assert_eq!(log.pull(), Some(0));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        /// A server log the client follows: pushes delivered or lost, disconnects (the
        /// reconnect learns the max), pulls answered in pages of `page`, and the server's oldest
        /// messages expiring (`Expire(k)` raises its floor by k). With `floor_known` pages carry
        /// the floor (groups); without, the client sees only the SEQs (one-to-one).
        #[derive(Debug, Clone)]
        enum Ev {
            Push(bool),
            Disconnect,
            AnswerPull,
            Expire(u64),
        }

        fn ev() -> impl Strategy<Value = Ev> {
            prop_oneof![
                6 => any::<bool>().prop_map(Ev::Push),
                1 => Just(Ev::Disconnect),
                3 => Just(Ev::AnswerPull),
                1 => (1u64..4).prop_map(Ev::Expire),
            ]
        }

        struct Server {
            last: u64,
            floor: u64,
            page: usize,
            floor_known: bool,
        }

        impl Server {
            fn answer(&self, log: &mut SeqLog<GroupMessage>, since: u64) -> Step<GroupMessage> {
                let from = (since + 1).max(self.floor);
                let msgs: Vec<_> = (from..=self.last).take(self.page).map(msg).collect();
                let complete = msgs.last().is_none_or(|m| m.seq >= self.last);
                let min = if self.floor_known { self.floor } else { 0 };
                log.on_page(msgs, complete, self.last, min)
            }
        }

        proptest! {
            #[test]
            fn no_loss_no_duplicate_under_drops_and_expiry(
                events in prop::collection::vec(ev(), 1..200),
                page in 1usize..7,
                floor_known in any::<bool>(),
            ) {
                let mut log = SeqLog::starting_at(0);
                let mut server = Server { last: 0, floor: 1, page, floor_known };
                let mut pending: Option<u64> = None; // a pull in flight: since
                let mut applied: Vec<u64> = Vec::new();
                let feed = |step: Step<GroupMessage>, pending: &mut Option<u64>, applied: &mut Vec<u64>| {
                    applied.extend(step.applied.iter().map(|m| m.seq));
                    if let Some(since) = step.pull_since {
                        *pending = Some(since);
                    }
                };
                for e in events {
                    match e {
                        Ev::Push(delivered) => {
                            server.last += 1;
                            if delivered {
                                let s = log.on_push(msg(server.last));
                                feed(s, &mut pending, &mut applied);
                            }
                        }
                        Ev::Disconnect => {
                            log.on_disconnect();
                            pending = None;
                            let s = log.on_known_max(server.last); // the reconnect's max
                            feed(s, &mut pending, &mut applied);
                        }
                        Ev::AnswerPull => {
                            if let Some(since) = pending.take() {
                                let s = server.answer(&mut log, since);
                                feed(s, &mut pending, &mut applied);
                            }
                        }
                        Ev::Expire(k) => server.floor = (server.floor + k).min(server.last + 1),
                    }
                }
                // Finally the heartbeat reports the max and pulls are answered until done.
                log.on_disconnect();
                pending = None;
                let s = log.on_known_max(server.last);
                feed(s, &mut pending, &mut applied);
                let mut guard = 0;
                while let Some(since) = pending.take() {
                    let s = server.answer(&mut log, since);
                    feed(s, &mut pending, &mut applied);
                    guard += 1;
                    prop_assert!(guard < 1000, "pulls never end");
                }
                prop_assert!(applied.windows(2).all(|w| w[0] < w[1]), "in order, once: {applied:?}");
                let kept: Vec<u64> = (server.floor..=server.last).collect();
                let tail: Vec<u64> = applied.iter().copied().filter(|s| *s >= server.floor).collect();
                prop_assert_eq!(tail, kept, "every message the server still has");
                prop_assert_eq!(log.contiguous, server.last);
            }
        }
    }
}
