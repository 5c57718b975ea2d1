#!/usr/bin/env bash
# `npm test`: installs what is missing, then runs every check and test there is.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export WRANGLER_SEND_METRICS=false

bash scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --all --check || die "formatting differs: run cargo fmt"

step "cargo clippy (host)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo clippy (wasm32-unknown-unknown)"
cargo clippy --workspace --all-targets --target wasm32-unknown-unknown -- -D warnings

step "Rust tests (host)"
cargo test --workspace

step "Fuzzing, short run (fuzz/: 100,000 executions from the corpus; npm run fuzz runs 10.5 million)"
cargo run -p edgechat-fuzz --quiet -- --total 100000 --jobs 2

step "Engine wasm tests in headless Chromium"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --target wasm32-unknown-unknown -p edgechat-engine

step "House rules (import cycles, file sizes, literal error codes: tests/house-budget.json)"
node --test tests/house.test.mjs

step "Soak bookkeeping (bench/soak/: cursors, ledger, PRNG, growth verdict; npm run soak runs the soak)"
node --test tests/soak-ledger.test.mjs

bash scripts/build.sh all

step "End-to-end tests (wrangler dev, Miniflare, Node, Chromium)"
# A hung test file fails after 5 minutes instead of holding CI.
node --test --test-concurrency=1 --test-timeout=300000 tests/e2e/
