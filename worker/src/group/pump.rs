//! The group's pump: takes the fan-out queue's batches and sends each to the hubs subscribed
//! to the group (one call per hub, or per relay slice past `room::RELAY_ABOVE` hubs), then
//! moves the delivered-up-to cursor: one storage write per batch, none per member. The group
//! object gives it the real hub calls and storage; tests give it counting ones.

use super::fanout::{Delivery, FanOutQueue};
use super::store::GroupStore;
use crate::hub::room::{self, RoomPush};
use crate::hub::{HubReply, PushItem};
use edgechat_proto::ImError;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// How the pump reaches a hub.
#[allow(async_fn_in_trait)]
pub trait HubLink {
    /// Sends `push` to hub `hub` (which sends it on to `push.relay`).
    async fn room(&self, hub: u32, push: &RoomPush) -> Result<HubReply, ImError>;
}

/// All the storage a pump touches: the cursor and the subscribed hubs. Nothing per member.
pub trait PumpStore {
    fn delivered_upto(&self) -> Result<Option<u64>, ImError>;
    fn set_delivered_upto(&self, seq: u64) -> Result<(), ImError>;
    fn hubs(&self) -> Result<BTreeSet<u32>, ImError>;
    fn set_hubs(&self, hubs: &BTreeSet<u32>) -> Result<(), ImError>;
}

impl<T: GroupStore> PumpStore for T {
    fn delivered_upto(&self) -> Result<Option<u64>, ImError> {
        GroupStore::delivered_upto(self)
    }
    fn set_delivered_upto(&self, seq: u64) -> Result<(), ImError> {
        GroupStore::set_delivered_upto(self, seq)
    }
    fn hubs(&self) -> Result<BTreeSet<u32>, ImError> {
        GroupStore::hubs(self)
    }
    fn set_hubs(&self, hubs: &BTreeSet<u32>) -> Result<(), ImError> {
        GroupStore::set_hubs(self, hubs)
    }
}

/// What a pump did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pumped {
    /// Calls the group made (relayed calls are the hubs').
    pub calls: usize,
    pub batches: usize,
    /// It stopped at its budget with deliveries still queued.
    pub handed_over: bool,
}

/// Sends `items` to every member of `group` online on a subscribed hub; hubs that answer that
/// they have none are unsubscribed. A hub that fails is asked once more (its members catch
/// up by SEQ if that fails too). Answers the calls made.
pub async fn to_room<L: HubLink, S: PumpStore>(
    link: &L,
    store: &S,
    group: &str,
    items: &[PushItem],
) -> usize {
    let Ok(mut hubs) = store.hubs() else {
        return 0;
    };
    let calls = room::plan(&hubs).into_iter().map(|(hub, relay)| {
        let push = RoomPush {
            group: group.to_owned(),
            items: items.to_vec(),
            relay,
        };
        async move {
            match link.room(hub, &push).await {
                Ok(reply) => (hub, 1, Some(reply)),
                Err(_) => (hub, 2, link.room(hub, &push).await.ok()),
            }
        }
    });
    let mut made = 0;
    let mut empty = Vec::new();
    for (hub, n, reply) in futures_util::future::join_all(calls).await {
        made += n;
        if let Some(reply) = reply {
            if reply.online == 0 {
                empty.push(hub);
            }
            empty.extend(reply.empty);
        }
    }
    if room::unsubscribe(&mut hubs, empty) {
        let _ = store.set_hubs(&hubs);
    }
    made
}

/// Delivers queued messages and recalls a batch at a time until the queue is empty or
/// `budget` calls are spent (then the queue is handed over: the caller sets an alarm).
pub async fn pump<L: HubLink, S: PumpStore>(
    link: &L,
    store: &S,
    group: &str,
    queue: &RefCell<FanOutQueue<()>>,
    budget: usize,
) -> Pumped {
    let mut done = Pumped::default();
    loop {
        if done.calls >= budget {
            queue.borrow_mut().hand_over();
            done.handed_over = true;
            return done;
        }
        let next = queue.borrow_mut().next_batch();
        let Some(batch) = next else { return done };
        let items: Vec<PushItem> = batch.items.iter().map(Delivery::push_item).collect();
        done.calls += to_room(link, store, group, &items).await;
        done.batches += 1;
        if let Some(seq) = store.delivered_upto().ok().and_then(|c| batch.advance(c)) {
            let _ = store.set_delivered_upto(seq);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hub::room::RELAY_WIDTH;
    use edgechat_proto::fixtures::group_msg;
    use edgechat_proto::group::GroupMessage;
    use std::cell::Cell;
    use std::collections::BTreeMap;
    use std::rc::Rc;

    /// Hubs with members online (hub → members), counting the calls the group makes and
    /// delivering relayed pushes as a hub would.
    #[derive(Default)]
    struct Hubs {
        online: BTreeMap<u32, usize>,
        group_calls: Cell<usize>,
        delivered: RefCell<BTreeMap<u32, usize>>,
    }

    impl HubLink for Hubs {
        async fn room(&self, hub: u32, push: &RoomPush) -> Result<HubReply, ImError> {
            self.group_calls.set(self.group_calls.get() + 1);
            let mut empty = Vec::new();
            for h in std::iter::once(hub).chain(push.relay.iter().copied()) {
                let n = self.online.get(&h).copied().unwrap_or(0);
                *self.delivered.borrow_mut().entry(h).or_default() += n * push.items.len();
                if n == 0 && h != hub {
                    empty.push(h);
                }
            }
            Ok(HubReply {
                online: self.online.get(&hub).copied().unwrap_or(0) as u32,
                empty,
                ..HubReply::default()
            })
        }
    }

    /// The pump's storage, counting every write.
    #[derive(Default)]
    struct Counting {
        cursor: Cell<Option<u64>>,
        hubs: RefCell<BTreeSet<u32>>,
        writes: Cell<usize>,
    }

    impl PumpStore for Counting {
        fn delivered_upto(&self) -> Result<Option<u64>, ImError> {
            Ok(self.cursor.get())
        }
        fn set_delivered_upto(&self, seq: u64) -> Result<(), ImError> {
            self.writes.set(self.writes.get() + 1);
            self.cursor.set(Some(seq));
            Ok(())
        }
        fn hubs(&self) -> Result<BTreeSet<u32>, ImError> {
            Ok(self.hubs.borrow().clone())
        }
        fn set_hubs(&self, hubs: &BTreeSet<u32>) -> Result<(), ImError> {
            self.writes.set(self.writes.get() + 1);
            *self.hubs.borrow_mut() = hubs.clone();
            Ok(())
        }
    }

    fn msg(seq: u64) -> GroupMessage {
        group_msg("@TGS#1abc", seq, "a", 1, "hi")
    }

    fn queued(seqs: std::ops::RangeInclusive<u64>) -> RefCell<FanOutQueue<()>> {
        let q = RefCell::new(FanOutQueue::default());
        q.borrow_mut()
            .push(&Rc::new(()), seqs.map(|s| Delivery::Message(msg(s))));
        q
    }

    /// `members` spread over `hubs` hubs with members online, all subscribed.
    fn setup(members: usize, hubs: u32) -> (Hubs, Counting) {
        let mut link = Hubs::default();
        for m in 0..members {
            *link.online.entry(m as u32 % hubs).or_default() += 1;
        }
        let store = Counting {
            cursor: Cell::new(Some(0)),
            ..Counting::default()
        };
        *store.hubs.borrow_mut() = link.online.keys().copied().collect();
        (link, store)
    }

    #[test]
    fn a_batch_costs_one_call_per_hub_with_members_online_and_one_write() {
        // 1,000 members on 16 hubs, 200 messages: 4 batches of at most 64.
        let (link, store) = setup(1000, 16);
        let queue = queued(1..=200);
        let done = futures_executor::block_on(pump(&link, &store, "g", &queue, 10_000));
        assert_eq!(done.batches, 4);
        assert_eq!(
            link.group_calls.get(),
            4 * 16,
            "calls per batch = hubs online"
        );
        assert_eq!(done.calls, link.group_calls.get());
        assert_eq!(
            store.writes.get(),
            4,
            "one cursor write per batch, none per member"
        );
        assert_eq!(store.cursor.get(), Some(200));
        let delivered: usize = link.delivered.borrow().values().sum();
        assert_eq!(delivered, 1000 * 200, "every member got every message");
    }

    #[test]
    fn hubs_without_members_online_are_not_called() {
        // Members on only 3 of 16 hubs are online (subscribed): 3 calls per batch.
        let (link, store) = setup(3, 16);
        let queue = queued(1..=10);
        futures_executor::block_on(pump(&link, &store, "g", &queue, 10_000));
        assert_eq!(link.group_calls.get(), 3);
    }

    #[test]
    fn a_huge_room_costs_the_group_calls_per_relay_slice_not_per_member() {
        // 100,000 members online on 1,024 hubs.
        let (link, store) = setup(100_000, 1024);
        let queue = queued(1..=1);
        futures_executor::block_on(pump(&link, &store, "g", &queue, 10_000));
        assert_eq!(link.group_calls.get(), 1024 / RELAY_WIDTH);
        let delivered: usize = link.delivered.borrow().values().sum();
        assert_eq!(delivered, 100_000);
        assert_eq!(store.writes.get(), 1);
    }

    #[test]
    fn a_stale_subscription_is_called_once_then_dropped() {
        let (link, store) = setup(10, 4);
        store.hubs.borrow_mut().insert(9);
        let queue = queued(1..=1);
        futures_executor::block_on(pump(&link, &store, "g", &queue, 10_000));
        assert_eq!(link.group_calls.get(), 5);
        assert!(
            !store.hubs.borrow().contains(&9),
            "hub 9 answered it has no one"
        );
        let queue = queued(2..=2);
        futures_executor::block_on(pump(&link, &store, "g", &queue, 10_000));
        assert_eq!(link.group_calls.get(), 5 + 4);
    }

    #[test]
    fn a_pump_stops_at_its_budget_and_hands_over() {
        let (link, store) = setup(100, 16);
        let queue = queued(1..=640);
        let done = futures_executor::block_on(pump(&link, &store, "g", &queue, 32));
        assert!(done.handed_over);
        assert_eq!(done.calls, 32, "two batches of 16 calls");
        assert!(!queue.borrow().is_empty());
        assert!(
            queue.borrow_mut().restart(),
            "the next invocation takes over"
        );
    }
}
