//! edgechat-fuzz: a deterministic, structure-aware mutation fuzzer on stable Rust. `targets`
//! feed one input to one parser or command layer and check its rules (no panic, every refusal
//! a clear Tencent code); `mutate` makes new inputs from old ones (bytes and JSON); `driver`
//! runs a target for a number of executions from its committed corpus (`corpus`), catching
//! panics and hangs and saving the input that caused one.
#![cfg(not(target_arch = "wasm32"))]

pub mod check;
pub mod corpus;
pub mod driver;
pub mod mutate;
pub mod targets;
