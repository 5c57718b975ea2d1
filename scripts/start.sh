#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, and serves the worker and the demo.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export WRANGLER_SEND_METRICS=false
PORT="${PORT:-8787}"

bash scripts/setup.sh
bash scripts/build.sh all

step "Serving on http://127.0.0.1:$PORT (demo at /, REST at /v4/, client socket at /ws)"
note "local dev: SDKAppID 1400000000, key from .dev.vars, admin 'administrator'"
exec wrangler dev --ip 127.0.0.1 --port "$PORT" --show-interactive-dev-session=false
