package io.rollbook.infra.bench;

import io.rollbook.api.command.Commands;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/soak.sh --minutes N [--rate R] [--deployments D]}: the engine at a steady command
 * rate for N minutes against an embedded broker in this JVM, printing the heap still used after a
 * full GC every {@link #SAMPLE}, then its slope after the warm-up (the first fifth of the run,
 * at least a minute) by least squares. The load is the bench's mixed one (scale and set image in
 * turn, so each Deployment's state stays bounded); no kubelet, so pods stay Pending. The heap is the
 * whole JVM's, broker included. The last line is
 * {@code soak: N min at R commands/s, C commands, heap after GC A -> B MB, slope S MB/min after warm-up}.
 */
public final class Soak {

    static final Duration SAMPLE = Duration.ofSeconds(30);

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        double minutes = 30;
        int rate = 500;
        int deployments = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--deployments" -> deployments = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: soak.sh --minutes N [--rate R] [--deployments D]");
            }
        }
        if (minutes <= 0 || rate <= 0 || deployments <= 0) {
            throw new IllegalArgumentException("--minutes, --rate and --deployments must be positive");
        }
        run(Duration.ofMillis((long) (minutes * 60_000)), rate, deployments, System.out);
        System.exit(0);
    }

    static void run(Duration length, int rate, int deployments, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("rollbook-soak");
        try (BenchEnv env = BenchEnv.start(dir, 1)) {
            Topics topics = env.topics("soak");
            try (BenchEnv.Engine engine = env.startEngine(topics, EngineListener.NONE);
                 KafkaProducer<String, byte[]> producer = env.producer("soak-sender", Map.of())) {
                for (int d = 0; d < deployments; d++) {
                    send(producer, topics, "soak-apply-" + d, d, Workload.apply(d, 3, Workload.IMAGE_V1));
                }
                List<double[]> samples = new ArrayList<>();
                long started = System.nanoTime();
                long nextSample = started;
                long sent = 0;
                while (System.nanoTime() - started < length.toNanos()) {
                    long due = (long) ((System.nanoTime() - started) / 1e9 * rate);
                    for (; sent < due; sent++) {
                        int d = (int) (sent % deployments);
                        send(producer, topics, "soak-" + sent, d, Workload.mixed(sent / deployments));
                    }
                    if (System.nanoTime() >= nextSample) {
                        double minute = (System.nanoTime() - started) / 60e9;
                        double heap = heapAfterGcMb();
                        samples.add(new double[]{minute, heap});
                        out.printf("soak: %6.1f min  heap after GC %8.1f MB  commands sent %d%n", minute, heap, sent);
                        nextSample += SAMPLE.toNanos();
                    }
                    if (engine.stopped() != null) {
                        throw new IllegalStateException("the engine stopped: " + engine.stopped());
                    }
                    Thread.sleep(2);
                }
                double warmUp = Math.max(1, length.toSeconds() / 60.0 / 5);
                double slope = slope(samples, warmUp);
                out.printf("soak: %.1f min at %d commands/s, %d commands, heap after GC %.1f -> %.1f MB, slope %.2f"
                                + " MB/min after warm-up%n", length.toSeconds() / 60.0, rate, sent,
                        samples.get(0)[1], samples.get(samples.size() - 1)[1], slope);
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, Topics topics, String id, int deployment,
                             io.rollbook.api.command.CommandPayload payload) {
        CommandEnvelope command = Workload.command(id, Workload.deployment(deployment), payload, Instant.now());
        producer.send(new ProducerRecord<>(topics.commands(), command.target().key(), Commands.encode(command)));
    }

    /** Least-squares MB per minute of the samples after {@code warmUpMinutes}; NaN with fewer than two. */
    static double slope(List<double[]> samples, double warmUpMinutes) {
        List<double[]> after = samples.stream().filter(s -> s[0] >= warmUpMinutes).toList();
        int n = after.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = after.stream().mapToDouble(s -> s[0]).average().orElse(0);
        double my = after.stream().mapToDouble(s -> s[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] s : after) {
            num += (s[0] - mx) * (s[1] - my);
            den += (s[0] - mx) * (s[0] - mx);
        }
        return den == 0 ? Double.NaN : num / den;
    }

    private static double heapAfterGcMb() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }
}
