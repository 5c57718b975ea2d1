#!/usr/bin/env bash
# `npm run fuzz`: the fuzzer in fuzz/ (stable Rust, deterministic for a seed) over every target
# from the committed corpus: 10.5 million executions shared by weight, on both cores. Any panic,
# broken rule (a refusal without a clear Tencent code, …) or hang fails the run and saves the
# input under fuzz/crashes/ (replay: target/fuzz/edgechat-fuzz replay TARGET FILE).
# Arguments pass through, e.g. `npm run fuzz -- --seed 7 --total 50000000`.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

step "Building the fuzzer (cargo profile fuzz: optimised, overflow checks on, panics unwind)"
cargo build --profile fuzz -p edgechat-fuzz

step "Fuzzing"
target/fuzz/edgechat-fuzz --jobs 2 "$@"
