#!/usr/bin/env bash
# Builds the engine (wasm + JS package) and the worker; skips a part whose sources are unchanged.
# Usage: scripts/build.sh [engine|worker|all]   (default all)
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
what="${1:-all}"
mkdir -p target/stamps

# fingerprint DIR...: a hash of the Rust sources and manifests that a build depends on.
fingerprint() {
  { find "$@" -type f \( -name '*.rs' -o -name 'Cargo.toml' \) -print0 | sort -z | xargs -0 sha256sum
    sha256sum Cargo.lock Cargo.toml; } | sha256sum | cut -c1-16
}

build_engine() {
  local fp; fp="$(fingerprint proto engine/src engine/Cargo.toml)-$(sha256sum engine/npm/index.js | cut -c1-8)"
  local out=engine/npm/wasm
  if [ -f "$out/edgechat_engine_bg.wasm" ] && [ "$(cat target/stamps/engine 2>/dev/null)" = "$fp" ]; then
    note "engine: up to date"
  else
    step "Building the engine (wasm32, release)"
    cargo build --release --target wasm32-unknown-unknown -p edgechat-engine
    step "wasm-bindgen (engine)"
    command -v wasm-bindgen >/dev/null || die "wasm-bindgen is missing: run scripts/setup.sh"
    rm -rf "$out" && wasm-bindgen --target web --out-dir "$out" \
      target/wasm32-unknown-unknown/release/edgechat_engine.wasm
    step "wasm-opt -Oz (engine)"
    [ -x node_modules/.bin/wasm-opt ] || die "wasm-opt is missing: run npm ci (binaryen)"
    node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$out/edgechat_engine_bg.wasm" -o "$out/edgechat_engine_bg.wasm"
    echo "$fp" > target/stamps/engine
  fi
  # The demo imports the package from its own folder.
  rm -rf web-demo/edgechat && mkdir -p web-demo/edgechat
  cp -r engine/npm/index.js engine/npm/shapes.js engine/npm/surface.js engine/npm/store.js engine/npm/index.d.ts engine/npm/package.json "$out" web-demo/edgechat/
}

build_worker() {
  local fp; fp="$(fingerprint proto worker)-o3"
  if [ -f worker/build/worker/shim.mjs ] && [ "$(cat target/stamps/worker 2>/dev/null)" = "$fp" ]; then
    note "worker: up to date"
    return
  fi
  step "Building the worker (worker-build, release)"
  command -v worker-build >/dev/null || die "worker-build is missing: run scripts/setup.sh"
  # The server is built for speed (opt-level 3: ~6 % less workerd CPU per one-to-one message
  # than the workspace's size-first "z", measured with bench/workerd-profile.mjs); the engine,
  # which browsers download, stays at "z".
  (cd worker && CARGO_PROFILE_RELEASE_OPT_LEVEL=3 WASM_BINDGEN_BIN="$(command -v wasm-bindgen)" \
     ESBUILD_BIN="$ROOT/node_modules/.bin/esbuild" WASM_OPT_BIN="$ROOT/node_modules/.bin/wasm-opt" \
     worker-build --release) || die "worker-build failed"
  echo "$fp" > target/stamps/worker
}

case "$what" in
  engine) build_engine ;;
  worker) build_worker ;;
  all) build_engine; build_worker ;;
  *) die "unknown build target '$what' (engine, worker or all)" ;;
esac
