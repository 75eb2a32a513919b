#!/usr/bin/env bash
# Memory over time: the engine at a steady command rate against an embedded broker, in one JVM,
# printing the heap still used after a full GC every 30 s, then its slope after the warm-up.
#
#   scripts/soak.sh --minutes N [--rate R] [--deployments D]     (defaults: 30 minutes, 500/s, 100)
#
# The last line is exactly:
#   soak: N min at R commands/s, C commands, heap after GC A -> B MB, slope S MB/min after warm-up
set -euo pipefail

. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/jar.sh" soak
cp="$jar:$root/infra/cli/target/lib/*"
exec "$java" -Xmx1g -cp "$cp" io.rollbook.infra.bench.Soak "$@"
