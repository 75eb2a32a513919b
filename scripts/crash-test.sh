#!/usr/bin/env bash
# Crash safety: a Kafka broker in its own JVM, the engine in another, SIGKILLed N times mid-rollout
# and restarted, against a fault-free run of the same deterministic command sequence.
#
#   scripts/crash-test.sh [--kills N] [--deployments D] [--seed S] [--work-dir DIR]
#
# Progress goes to stderr, the process logs to the work dir (broker.log, crash-engine.log, ...).
# The last line is exactly:
#   crash test: N kills, C commands, L lost, D duplicated, final state equal|differs
# Exit status 0 when nothing was lost or duplicated and the final states are equal.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
jar="$root/infra/cli/target/rollbook.jar"

# Build the jar as the launcher does: when missing or older than the sources.
if [ ! -f "$jar" ] || [ ! -d "$root/infra/cli/target/lib" ] \
   || [ -n "$(find "$root"/*/src/main "$root"/infra/*/src/main "$root"/pom.xml "$root"/*/pom.xml "$root"/infra/*/pom.xml -newer "$jar" -print -quit)" ]; then
  echo "crash-test: building (./mvnw -B -q -DskipTests package -pl infra/cli -am)..." >&2
  (cd "$root" && ./mvnw -B -q -DskipTests package -pl infra/cli -am) >&2
fi

java=java
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java="$JAVA_HOME/bin/java"
cp="$jar:$root/infra/cli/target/lib/*"
exec "$java" -Xmx512m -cp "$cp" io.rollbook.infra.cli.Main crash-test --classpath "$cp" "$@"
