//! The committed corpus replays clean through every target (`cargo test` runs it), and the
//! seeds cover what they claim: every client command and every server frame type.
#![cfg(not(target_arch = "wasm32"))]

use edgechat_fuzz::corpus::{default_dir, load};
use edgechat_fuzz::driver::run_one;
use edgechat_fuzz::targets::ALL;
use std::collections::BTreeSet;

#[test]
fn every_seed_passes_its_target() {
    for t in ALL {
        let seeds = load(&default_dir("corpus"), t.name).expect("corpus");
        assert!(!seeds.is_empty(), "{} has no seeds", t.name);
        for (name, data) in seeds {
            if let Err(why) = run_one(t, &data) {
                panic!("{}/{name}: {why}", t.name);
            }
        }
    }
}

/// The `key` values of the seeds' JSON lines.
fn tags(target: &str, key: &str) -> BTreeSet<String> {
    let seeds = load(&default_dir("corpus"), target).expect("corpus");
    let text: String = seeds
        .iter()
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned() + "\n")
        .collect();
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get(key).and_then(|t| t.as_str()).map(str::to_owned))
        .collect()
}

#[test]
fn seeds_hold_every_client_command_and_server_frame() {
    let commands = tags("client_frame", "cmd");
    assert!(commands.len() >= 24, "client commands: {commands:?}");
    let frames = tags("engine_frames", "type");
    for t in [
        "login",
        "pong",
        "ack",
        "msg",
        "sync",
        "done",
        "revoked",
        "modified",
        "conversations",
        "conversation",
        "snsResult",
        "snsUpdate",
        "peerRead",
        "receiptRead",
        "history",
        "error",
        "statusList",
        "userStatus",
        "kicked",
        "groupResult",
        "extrasResult",
        "extrasChanged",
        "groupAck",
        "groupMsg",
        "groupRevoked",
        "groupModified",
        "groupSync",
        "groups",
        "groupNotice",
        "recentResult",
        "recentUpdate",
        "groupUpdate",
    ] {
        assert!(frames.contains(t), "no seed frame of type {t}");
    }
}
