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
# Every documented config var set in the environment reaches the worker (README, Configuration):
# e.g. `CALLBACK_URL=http://127.0.0.1:9000/im CALLBACK_TOKEN=t npm start`.
CONFIG_VARS=(SDKAPPID ADMINS AUTO_IMPORT LOGIN_POLICY MAX_INSTANCES_PER_PLATFORM HUBS
  HEARTBEAT_TIMEOUT_SECS USERSIG_MAX_LIFETIME_SECS USERSIG_MAX_SKEW_SECS REST_RATE_LIMIT_SCALE
  CLIENT_RATE_SCALE RECENT_CONTACTS_MAX RECALL_WINDOW_SECS ROAMING_DAYS PROFILE_CUSTOM_FIELDS
  SNS_CUSTOM_FIELDS FRIENDS_ONLY MAX_GROUPS MAX_AVCHATROOMS MAX_NEW_GROUPS_PER_DAY MAX_JOINED_GROUPS
  HISTORY_BEFORE_JOIN GROUP_CUSTOM_FIELDS MEMBER_CUSTOM_FIELDS CALLBACK_URL CALLBACK_TOKEN
  CALLBACK_COMMANDS)
var_flags=()
for name in "${CONFIG_VARS[@]}"; do
  if [ -n "${!name+set}" ]; then
    var_flags+=(--var "$name:${!name}")
    note "$name from the environment"
  fi
done
exec wrangler dev --ip 127.0.0.1 --port "$PORT" --show-interactive-dev-session=false "${var_flags[@]}"
