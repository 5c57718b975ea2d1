//! The fuzz targets: each takes one input's bytes and returns what it did ([`Outcome`]).
//! Inputs are text: one document, or lines of JSON where a target runs steps in order.

mod client_frame;
mod element;
mod engine;
mod engine_calls;
mod group;
mod groups;
mod rest;
mod sns;
mod usersig;

use crate::check::Outcome;

/// One fuzz target.
pub struct Target {
    /// Also the name of its folder under `fuzz/corpus/`.
    pub name: &'static str,
    /// What it feeds, for `--help`.
    pub about: &'static str,
    /// Longest input the mutator makes (what the real entry point would still read).
    pub max_len: usize,
    pub run: fn(&[u8]) -> Outcome,
    /// Its share of a run's executions (out of the sum over the targets run): cheap parsers
    /// get more, the stateful command layers (a hundred times slower per input) fewer.
    pub weight: u64,
}

/// Client frames are read up to 16 KB; the fuzzer goes a little past that.
const FRAME_MAX: usize = edgechat_proto::limits::MAX_FRAME_BYTES + 4096;

pub const ALL: &[Target] = &[
    Target {
        name: "client_frame",
        about:
            "ClientFrame::parse, then what the worker checks next (bodies, IDs, the error frame)",
        max_len: FRAME_MAX,
        run: client_frame::run,
        weight: 28,
    },
    Target {
        name: "engine_frames",
        about: "server frames (one per line) and API calls into a logged-in engine core",
        max_len: 32 * 1024,
        run: engine::run,
        weight: 6,
    },
    Target {
        name: "usersig",
        about: "UserSig verify on raw tokens, re-encoded documents and signed claims (round trip)",
        max_len: 4096,
        run: usersig::run,
        weight: 21,
    },
    Target {
        name: "element",
        about: "message body validation (validate_body, element::validate, the REST body check)",
        max_len: FRAME_MAX,
        run: element::run,
        weight: 6,
    },
    Target {
        name: "rest",
        about: "REST command bodies (openim, login, sns, recent, group) against in-memory objects",
        max_len: 32 * 1024,
        run: rest::run,
        weight: 28,
    },
    Target {
        name: "group_commands",
        about: "create_group, then group commands as members and the admin on an in-memory group",
        max_len: 32 * 1024,
        run: group::run,
        weight: 5,
    },
    Target {
        name: "sns_commands",
        about:
            "profile and relationship commands (portrait_set, friend_add, …) among in-memory users",
        max_len: 32 * 1024,
        run: sns::run,
        weight: 6,
    },
];

/// The target called `name`.
pub fn find(name: &str) -> Option<&'static Target> {
    ALL.iter().find(|t| t.name == name)
}

/// The non-empty lines of an input parsed as JSON, each `Err` with its text when it is not JSON.
pub(crate) fn json_lines(text: &str) -> Vec<Result<serde_json::Value, String>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| e.to_string()))
        .collect()
}

/// Runs a future that never waits (every in-memory object answers at once).
pub(crate) fn block_on<F: std::future::Future>(f: F) -> F::Output {
    futures_executor::block_on(f)
}

/// The app the command targets run in: custom group, member and profile fields declared, so
/// their checks are reached too.
pub(crate) fn config() -> &'static edgechat_worker::config::AppConfig {
    static CONFIG: std::sync::OnceLock<edgechat_worker::config::AppConfig> =
        std::sync::OnceLock::new();
    CONFIG.get_or_init(|| {
        let vars = |k: &str| {
            let v = match k {
                "SDKAPPID" => "1400000000",
                "SECRET_KEY" => "edgechat-fuzz-secret",
                "ADMINS" => "administrator",
                "GROUP_CUSTOM_FIELDS" => "Color:n:m,Level:m:d,Secret:a:a",
                "MEMBER_CUSTOM_FIELDS" => "Rank,Note:n:o",
                "PROFILE_CUSTOM_FIELDS" => "Mood,Secret:au,Rank:ua",
                "SNS_CUSTOM_FIELDS" => "Hobby",
                _ => return None,
            };
            Some(v.to_owned())
        };
        edgechat_worker::config::AppConfig::from_vars(vars)
            .unwrap_or_else(|e| panic!("the fuzz config is refused: {e}"))
    })
}
