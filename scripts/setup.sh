#!/usr/bin/env bash
# Installs what the build and tests need and is missing; skips what is already there.
# Usage: scripts/setup.sh [--browser]   (--browser also installs Chromium + chromedriver)
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup first"
command -v node >/dev/null || die "node is missing: install Node.js 20"

step "Rust target wasm32-unknown-unknown"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then note "present"
else rustup target add wasm32-unknown-unknown || die "could not add the wasm32-unknown-unknown target"; fi

WB_VERSION="$(lock_version wasm-bindgen)"
[ -n "$WB_VERSION" ] || die "Cargo.lock pins no wasm-bindgen version"
step "wasm-bindgen-cli $WB_VERSION (the version Cargo.lock pins)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$WB_VERSION" ]; then note "present"
else
  note "cargo install (takes several minutes on a first run)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" || die "cargo install wasm-bindgen-cli $WB_VERSION failed"
fi

WK_VERSION="$(lock_version worker)"
step "worker-build $WK_VERSION"
if [ "$(worker-build --version 2>/dev/null | awk '{print $NF}')" = "$WK_VERSION" ]; then note "present"
else
  note "cargo install (takes several minutes on a first run)"
  cargo install worker-build --version "$WK_VERSION" || die "cargo install worker-build $WK_VERSION failed"
fi

step "npm packages"
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then note "up to date"
else npm ci --no-audit --no-fund || die "npm ci failed"; fi

# Node 22 (its own global WebSocket) for the drop-in test's second quick start; from the npm
# registry into .cache/node22 (not a dependency: 185 MB, one platform).
NODE22_VERSION=22.23.3
step "Node $NODE22_VERSION for the tests (.cache/node22)"
NODE22_PKG="node-$(node -p 'process.platform')-$(node -p 'process.arch')"
if [ "$(.cache/node22/node_modules/$NODE22_PKG/bin/node --version 2>/dev/null)" = "v$NODE22_VERSION" ]; then note "present"
else
  mkdir -p .cache/node22
  npm install --prefix .cache/node22 --no-save --no-audit --no-fund --no-package-lock "$NODE22_PKG@$NODE22_VERSION" \
    || die "npm install $NODE22_PKG@$NODE22_VERSION failed"
fi

if [ "${1:-}" = "--browser" ]; then
  step "Chromium and chromedriver (Debian packages)"
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then note "present"
  else
    command -v apt-get >/dev/null || die "chromium is missing and apt-get is not available to install it"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver \
      || die "apt-get install chromium chromium-driver failed"
  fi
fi
