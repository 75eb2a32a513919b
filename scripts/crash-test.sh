#!/usr/bin/env bash
# Crash safety: a Kafka broker in its own JVM, the engine in another, SIGKILLed N times mid-rollout
# and restarted, against a fault-free run of the same deterministic command sequence.
#
#   scripts/crash-test.sh [--kills N] [--deployments D] [--seed S] [--work-dir DIR]
#
# Progress goes to stderr, the process logs to the work dir (broker.log, crash-engine.log, ...).
# The last line is exactly:
#   crash test: N kills, C commands, L lost, D duplicated, final state equal|differs, restores equal|differ (K of P partitions from snapshots)
# Exit status 0 when nothing was lost or duplicated, the final states are equal, and what each restart
# restores (the latest snapshot and the tail) equals the fold of the whole log.
set -euo pipefail

. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/jar.sh" crash-test
cp="$jar:$root/infra/cli/target/lib/*"
exec "$java" -Xmx512m -cp "$cp" io.rollbook.infra.cli.Main crash-test --classpath "$cp" "$@"
