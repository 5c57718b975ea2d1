//! A deterministic simulation: the engine's core against the worker's inbox rules in one
//! process, with pushes lost, sockets dropped mid-stream, reconnects, and sends retried with
//! the same random. Whatever happens, once the receiver is online for one heartbeat it has
//! seen every message exactly once, in order: a lost push (even the last one) costs latency,
//! never a message.
#![cfg(not(target_arch = "wasm32"))]

use edgechat_engine::core::{event, Action};
use edgechat_engine::ChatCore;
use edgechat_proto::fixtures::stored;
use edgechat_proto::frame::{ClientFrame, ServerFrame};
use edgechat_proto::message::StoredMessage;
use edgechat_proto::UserId;
use edgechat_worker::inbox::memory::MemoryInbox;
use edgechat_worker::inbox::{conversation_list, store_once, sync_page, Counting, InboxLimits};
use proptest::prelude::*;

fn uid(s: &str) -> UserId {
    UserId::parse(s).expect("id")
}

/// The server side for two users: each has an inbox.
struct Server {
    alice: MemoryInbox,
    bob: MemoryInbox,
    now: u64,
}

impl Server {
    /// Alice's send of `random`: Bob's inbox first, then Alice's; returns Bob's copy and
    /// whether it was new.
    fn send(&mut self, random: u32) -> (StoredMessage, bool) {
        self.now += 1;
        let msg = stored(0, "alice", "bob", random, self.now, &format!("m{random}"));
        let limits = InboxLimits::default();
        let theirs = store_once(
            &self.bob,
            &uid("bob"),
            msg,
            self.now,
            limits,
            Counting::LIVE,
        )
        .expect("bob");
        store_once(
            &self.alice,
            &uid("alice"),
            theirs.message.clone(),
            self.now,
            limits,
            Counting::LIVE,
        )
        .expect("alice");
        (theirs.message, theirs.fresh)
    }

    /// The reply to one of Bob's frames.
    fn answer_bob(&self, frame: ClientFrame) -> Option<ServerFrame> {
        match frame {
            ClientFrame::Sync { req_id, since } => {
                let (messages, complete, max_seq) = sync_page(&self.bob, since).expect("sync");
                Some(ServerFrame::Sync {
                    req_id,
                    messages,
                    complete,
                    max_seq,
                })
            }
            ClientFrame::Conversations { req_id } => Some(ServerFrame::Conversations {
                req_id,
                conversations: conversation_list(&self.bob, InboxLimits::default()).expect("list"),
            }),
            ClientFrame::Ping { req_id } => Some(ServerFrame::Pong {
                req_id,
                max_seq: edgechat_worker::inbox::InboxStore::max_seq(&self.bob).expect("max"),
                server_time: 0,
            }),
            _ => None,
        }
    }
}

/// Bob's device: the engine core plus what it showed the app.
struct Bob {
    core: ChatCore,
    connected: bool,
    /// Frames from the server not yet delivered (lost if the socket drops).
    inbound: Vec<ServerFrame>,
    seen: Vec<u64>,
}

impl Bob {
    fn run(&mut self, actions: Vec<Action>, server: &Server) {
        for a in actions {
            match a {
                Action::Send { frame } if self.connected => {
                    let f = ClientFrame::parse(&frame).expect("engine frames parse");
                    self.inbound.extend(server.answer_bob(f));
                }
                Action::Emit { name, data } if name == event::MESSAGE_RECEIVED => {
                    self.seen.extend(
                        data.as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|m| m["sequence"].as_u64()),
                    );
                }
                _ => {}
            }
        }
    }

    fn connect(&mut self, server: &Server) {
        // The first time a login; after a drop the engine's own reconnect.
        if self.core.reconnect().is_none() {
            self.core
                .login("bob", "sig", "ws://sim", "Web")
                .expect("login");
        }
        self.connected = true;
        let a = self.core.on_frame(
            &ServerFrame::Login {
                user_id: "bob".into(),
                max_seq: 0,
            }
            .to_text(),
        );
        self.run(a, server);
    }

    fn drop_socket(&mut self, server: &Server) {
        self.connected = false;
        self.inbound.clear();
        let a = self.core.on_close(0.5);
        self.run(a, server);
    }

    /// The engine's heartbeat: a ping whose pong tells the newest seq.
    fn heartbeat(&mut self, server: &Server) {
        if let Some(ping) = self.core.ping() {
            let a = vec![Action::Send { frame: ping }];
            self.run(a, server);
        }
    }

    /// Delivers queued frames until none are left (the server answers syncs at once).
    fn deliver_all(&mut self, server: &Server) {
        while !self.inbound.is_empty() {
            let f = self.inbound.remove(0);
            let a = self.core.on_frame(&f.to_text());
            self.run(a, server);
        }
    }
}

#[derive(Debug, Clone)]
enum Step {
    /// Alice sends (a retry reuses an earlier random); `lost` drops the push to Bob.
    Send { retry_of: Option<usize>, lost: bool },
    /// Bob's socket dies mid-stream.
    Drop,
    /// Bob reconnects and syncs.
    Reconnect,
    /// Frames in flight arrive.
    Deliver,
    /// Bob's engine pings (every 30 s in the real engine).
    Heartbeat,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (proptest::option::of(0usize..20), any::<bool>()).prop_map(|(retry_of, lost)| Step::Send { retry_of, lost }),
        1 => Just(Step::Drop),
        1 => Just(Step::Reconnect),
        2 => Just(Step::Deliver),
        1 => Just(Step::Heartbeat),
    ]
}

proptest! {
    #[test]
    fn every_message_arrives_once_in_order(steps in proptest::collection::vec(step(), 1..60)) {
        let mut server = Server { alice: MemoryInbox::default(), bob: MemoryInbox::default(), now: 1_000 };
        let mut bob = Bob { core: ChatCore::new(1), connected: false, inbound: vec![], seen: vec![] };
        bob.connect(&server);
        bob.deliver_all(&server);
        let mut randoms: Vec<u32> = vec![];
        for s in steps {
            match s {
                Step::Send { retry_of, lost } => {
                    let random = match retry_of.and_then(|i| randoms.get(i).copied()) {
                        Some(r) => r,
                        None => {
                            let r = 7_000 + randoms.len() as u32;
                            randoms.push(r);
                            r
                        }
                    };
                    let (msg, fresh) = server.send(random);
                    if fresh && !lost && bob.connected {
                        bob.inbound.push(ServerFrame::Msg { message: msg });
                    }
                }
                Step::Drop => {
                    if bob.connected {
                        bob.drop_socket(&server);
                    }
                }
                Step::Reconnect => {
                    if !bob.connected {
                        bob.connect(&server);
                    }
                }
                Step::Deliver => bob.deliver_all(&server),
                Step::Heartbeat => {
                    if bob.connected {
                        bob.heartbeat(&server);
                    }
                }
            }
        }
        // Quiet time: Bob is online, frames in flight arrive, one heartbeat passes.
        if !bob.connected {
            bob.connect(&server);
        }
        bob.deliver_all(&server);
        bob.heartbeat(&server);
        bob.deliver_all(&server);
        // Every distinct send is in Bob's inbox once, and Bob's app saw each exactly once, in order.
        let (stored, _, _) = sync_page(&server.bob, 0).expect("sync");
        prop_assert_eq!(stored.len(), randoms.len());
        let expected: Vec<u64> = (1..=randoms.len() as u64).collect();
        prop_assert_eq!(bob.seen, expected);
    }
}
