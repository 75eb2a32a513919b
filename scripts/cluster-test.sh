#!/usr/bin/env bash
# Correct on a real Kafka cluster: three KRaft brokers, each its own JVM running Kafka's own main
# class (kafka.Kafka, jars from infra/cli/target/lib/broker and lib), and three Rollbook instances
# (`rollbook up --bootstrap-servers ... --instance-id ... --http-port ...`), each its own JVM.
# Commands go in through the Java CLI and through a producer with librdkafka's partitioner (CRC32).
# During the load one broker is SIGKILLed (and started again), one instance is SIGKILLed (and
# started again), and a fourth instance joins.
#
#   scripts/cluster-test.sh [--deployments D] [--seed S] [--work-dir DIR] [--instances N] [--no-join]
#                           [--client-config KEY=VALUE]... [--broker-config KEY=VALUE]...
#
# Progress (and the measured take-over times) go to stderr, the process logs to the work dir
# (broker-N.log, node-N.log). The last line is exactly:
#   cluster test: B broker kills, E engine kills, N commands, L lost, D duplicated, final state equal|differs
# judged from the log alone. Exit status 0 when nothing was lost or duplicated and every
# Deployment ended as last commanded. About 3 minutes on 2 cores; each JVM has at most 320 MiB of heap.
set -euo pipefail

. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/jar.sh" cluster-test
cp="$jar:$lib/*"
exec "$java" -Xmx384m -Drollbook.kafka.log.level=ERROR -cp "$cp" io.rollbook.infra.cli.Main cluster-test --classpath "$cp" \
  --broker-classpath "$lib/broker/*:$lib/*" "$@"
