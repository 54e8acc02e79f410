#!/usr/bin/env bash
# The demo, from a fresh clone: installs, builds, and runs `telematics demo`.
source "$(dirname "$0")/lib/prepare.sh"
export LOG_LEVEL="${LOG_LEVEL:-error}"
exec node dist/cli/telematics.js demo "$@"
