package io.rollbook.infra.bench;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Outcome;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kubelet.KubeletRunner;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The rollover simulation: Deployments applied at v1 and completed (the kubelet stand-in at zero
 * stage delay reports every pod), then all set to v2; simulationSeconds runs from the first set
 * image until every Deployment has RolloutCompleted for revision 2. Each half stops at
 * {@code simCap}, or when the engine dies, or when the heap is nearly full, and then reports how far
 * it got. The heap is this whole JVM's: engine, kubelet, broker and harness.
 */
final class SimulationPhase {

    /** Stop before an OutOfMemoryError when this much of the maximum heap survives a collection. */
    private static final double HEAP_STOP_SHARE = 0.92;

    private final BenchEnv env;
    private final BenchConfig config;
    private final BenchReport report;
    private final Profiler profiler;
    private final AtomicLong processed = new AtomicLong();

    SimulationPhase(BenchEnv env, BenchConfig config, BenchReport report, Profiler profiler) {
        this.env = env;
        this.config = config;
        this.report = report;
        this.profiler = profiler;
    }

    void run() throws Exception {
        Topics topics = env.topics("bench-sim");
        int d = config.simDeployments();
        report.put("simPodsAsked", (long) d * config.simReplicas());
        EngineListener counter = new EngineListener() {
            @Override
            public void processed(CommandEnvelope command, Outcome outcome, Instant finishedAt) {
                processed.incrementAndGet();
            }
        };
        try (HeapSampler heap = new HeapSampler();
             BenchEnv.Engine engine = env.startEngine(topics, counter);
             EventWatcher events = new EventWatcher(env.kafka, topics)) {
            KubeletRunner kubelet = new KubeletRunner(env.kafka, topics, Stages.instant(), Clock.systemUTC());
            Thread kubeletThread = new Thread(kubelet, "bench-kubelet");
            kubeletThread.start();
            try {
                long t0 = System.nanoTime();
                sendAll(topics, i -> Workload.apply(i, config.simReplicas(), Workload.IMAGE_V1), "sim-apply-");
                String setup = await(events, 1, d, t0, engine, heap);
                double setupSeconds = (System.nanoTime() - t0) / 1e9;
                report.put("simSetupSeconds", setupSeconds);
                if (setup != null) {
                    report.put("simulatedPods", 0);
                    report.put("simulationSeconds", setupSeconds);
                    report.put("simSetupPodsReady", events.readyTotal());
                    report.note(String.format("simulation: v1 setup of %d Deployments x %d replicas stopped (%s) after"
                                    + " %.0f s with %d Deployments complete and %d pods Ready (%.0f pods/s, %.0f commands/s);"
                                    + " no rollover measured", d, config.simReplicas(), setup, setupSeconds,
                            events.completed(1), events.readyTotal(), events.readyTotal() / setupSeconds,
                            processed.get() / setupSeconds));
                } else {
                    rollover(topics, events, engine, heap);
                }
                report.put("heapMb", heap.maxUsedMb());
                report.put("heapAfterGcMb", heap.maxAfterGcMb());
                report.put("heapMaxMb", Runtime.getRuntime().maxMemory() / 1048576.0);
            } finally {
                kubelet.close();
                kubeletThread.join(20_000);
            }
        }
    }

    private void rollover(Topics topics, EventWatcher events, BenchEnv.Engine engine, HeapSampler heap)
            throws Exception {
        int d = config.simDeployments();
        events.markRollover();
        long commandsBefore = processed.get();
        profiler.start("simulation");
        Instant[] window = {Instant.now(), null};
        long t0 = System.nanoTime();
        sendAll(topics, i -> Workload.setImage(Workload.IMAGE_V2), "sim-v2-");
        String stop = await(events, 2, d, t0, engine, heap);
        double seconds = (System.nanoTime() - t0) / 1e9;
        window[1] = Instant.now();
        profiler.stop("simulation", processed.get() - commandsBefore, window);
        long pods = Math.min(events.readySinceMark(), (long) d * config.simReplicas());
        long commands = processed.get() - commandsBefore;
        report.put("simulatedPods", pods);
        report.put("simulationSeconds", seconds);
        report.put("simulationComplete", stop == null);
        report.put("simPodsPerSecond", pods / seconds);
        report.put("simCommandsRps", commands / seconds);
        report.note(String.format("simulation: %d Deployments x %d replicas, v1 to v2 (25%%/25%%): %d of %d"
                        + " rollouts completed, %d new pods Ready, %d commands (%.1f per pod) in %.1f s%s", d,
                config.simReplicas(), events.completed(2), d, pods, commands, commands / (double) Math.max(1, pods),
                seconds, stop == null ? "" : "; stopped: " + stop));
    }

    private void sendAll(Topics topics, IntFunction<CommandPayload> payload, String idPrefix) {
        try (KafkaProducer<String, byte[]> producer = env.producer("bench-sim-sender", Map.of("linger.ms", "5"))) {
            Instant now = Instant.now();
            for (int i = 0; i < config.simDeployments(); i++) {
                CommandEnvelope c = Workload.command(idPrefix + i, Workload.deployment(i), payload.apply(i), now);
                producer.send(new ProducerRecord<>(topics.commands(), c.target().key(), Commands.encode(c)));
            }
            producer.flush();
        }
    }

    /** Null when {@code count} rollouts of {@code revision} completed; otherwise why it stopped waiting. */
    private String await(EventWatcher events, long revision, long count, long t0, BenchEnv.Engine engine,
                         HeapSampler heap) throws InterruptedException {
        long deadline = t0 + config.simCap().toNanos();
        while (events.completed(revision) < count) {
            if (engine.stopped() != null) {
                return "engine stopped: " + engine.stopped();
            }
            if (heap.afterGcShare() > HEAP_STOP_SHARE) {
                return String.format("heap %.0f%% full after a collection", 100 * heap.afterGcShare());
            }
            if (System.nanoTime() > deadline) {
                return "time cap of " + config.simCap().toSeconds() + " s reached";
            }
            Thread.sleep(50);
        }
        return null;
    }
}
