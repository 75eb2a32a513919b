package io.rollbook.infra.bench;

import io.rollbook.api.event.Events;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.projection.ProjectionRunner;
import io.rollbook.projections.ProjectionStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;


/**
 * replayEventsRps: a fresh {@link ProjectionStore} rebuilt from a log of at least
 * {@code replayEvents} events by the production {@link ProjectionRunner}, against rawConsumeRps:
 * the same log read with the same consumer settings and decoded, nothing else. The two alternate
 * twice (consume, replay, consume, replay) and the best of each counts, so neither gets a cold page
 * cache or a cold JIT the other did not.
 */
final class ReplayPhase {

    private final BenchEnv env;
    private final BenchConfig config;
    private final BenchReport report;

    ReplayPhase(BenchEnv env, BenchConfig config, BenchReport report) {
        this.env = env;
        this.config = config;
        this.report = report;
    }

    void run() throws InterruptedException {
        Topics topics = env.topics("bench-replay");
        long events = generate(topics);
        double bestConsume = 0;
        double bestReplay = 0;
        double bestReplaySeconds = Double.MAX_VALUE;
        long retained = 0;
        for (int round = 0; round < 2; round++) {
            double[] consumed = RawKafka.consume(env.kafka, topics);
            bestConsume = Math.max(bestConsume, consumed[0] / consumed[1]);
            double seconds = replay(topics, events);
            bestReplaySeconds = Math.min(bestReplaySeconds, seconds);
            bestReplay = Math.max(bestReplay, events / seconds);
            report.note(String.format("replay round %d: raw consume %.0f/s (%.0f records), replay %.2f s",
                    round + 1, consumed[0] / consumed[1], consumed[0], seconds));
        }
        report.put("rawConsumeRps", bestConsume);
        report.put("replayEvents", events);
        report.put("replayEventsRps", bestReplay);
        report.put("replaySeconds", bestReplaySeconds);
        report.put("replayVsRawConsume", bestReplay / bestConsume);
    }

    /** Writes the generated log in transactions of 500 records, as the engine would; returns its size. */
    private long generate(Topics topics) {
        LogGenerator generator = new LogGenerator(config.replayReplicas());
        long[] written = {0};
        long[] bytes = {0};
        long started = System.nanoTime();
        int deployments = 0;
        try (KafkaProducer<String, byte[]> producer = env.kafka.transactionalProducer(
                "bench-replay-writer")) {
            producer.initTransactions();
            producer.beginTransaction();
            while (written[0] < config.replayEvents()) {
                generator.rollover(deployments++, e -> {
                    byte[] value = Events.encode(e);
                    producer.send(new ProducerRecord<>(topics.events(), ObjectRef.keyOfAggregate(e.aggregate()), value));
                    bytes[0] += value.length;
                    if (++written[0] % RawKafka.RECORDS_PER_TRANSACTION == 0) {
                        producer.commitTransaction();
                        producer.beginTransaction();
                    }
                });
            }
            producer.commitTransaction();
        }
        report.put("deciderCommandsRps", generator.commands() / generator.decideSeconds());
        report.note(String.format("replay log: %d Deployments of %d replicas rolled v1 to v2 by the decider and the"
                        + " kubelet model without Kafka/Axon: %d commands, %d events (%.0f per Deployment, %.0f bytes"
                        + " each), generated and written in %.1f s", deployments, config.replayReplicas(),
                generator.commands(), written[0], written[0] / (double) deployments, bytes[0] / (double) written[0],
                (System.nanoTime() - started) / 1e9));
        return written[0];
    }

    /** Seconds for a fresh store to fold every event through the production ProjectionRunner. */
    private double replay(Topics topics, long events) throws InterruptedException {
        ProjectionStore store = new ProjectionStore();
        ProjectionRunner runner = new ProjectionRunner(env.kafka, topics, store::apply);
        Thread thread = new Thread(runner, "bench-replay");
        long started = System.nanoTime();
        thread.start();
        while (runner.applied() < events && thread.isAlive()) {
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        runner.close();
        thread.join(10_000);
        if (store.position() < events) {
            throw new IllegalStateException("replay folded " + store.position() + " of " + events + " events");
        }
        return seconds;
    }
}
