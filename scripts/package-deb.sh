#!/usr/bin/env bash
# npm run package:deb — the vehicle's Debian package, telematics-agent_<version>_<arch>.deb,
# into dist-deb/ (or --out DIR), for the architecture node_modules was built for.
# What goes in and why: packaging/README.md. The last stdout line is the .deb's path.
source "$(dirname "$0")/lib/install-build.sh"
command -v dpkg-deb >/dev/null || fail "dpkg-deb is missing: it builds the package." "apt-get install dpkg (any Debian or Ubuntu has it)."
node dist/packaging/deb.js "$@"
