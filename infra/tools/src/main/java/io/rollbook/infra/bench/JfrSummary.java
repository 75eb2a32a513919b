package io.rollbook.infra.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the time went, from a JFR recording (JDK 17 has no {@code jfr view hot-methods}): CPU
 * samples by thread group, the engine thread's samples by stage of a command (first matching frame
 * in {@link #STAGES}, so nested work is charged to the innermost named stage listed first), its
 * hottest methods (self and inclusive), where it was parked, what it allocated (JFR's weighted
 * allocation samples, by stage and by the innermost Rollbook frame with the class allocated) and the
 * GC pauses of the window.
 */
final class JfrSummary {

    static final String ENGINE_THREAD = "bench-engine-";

    /** Stage name, frame (class.method prefix) that marks it; the first stage whose frame is on the stack wins. */
    static final List<String[]> STAGES = List.of(
            new String[] {"command decode (Commands.decode)", "io.rollbook.api.command.Commands.decode"},
            new String[] {"event encode (Events.encode)", "io.rollbook.api.event.Events.encode"},
            new String[] {"event encode (Events.encode)", "io.rollbook.api.event.Events$Encoder.encode"},
            new String[] {"outcome encode + send (CommandLoop.publish)", "io.rollbook.infra.kafka.CommandLoop.publish"},
            new String[] {"Kafka send of events (KafkaProducer.send)", "org.apache.kafka.clients.producer.KafkaProducer."},
            new String[] {"Kafka consumer poll", "org.apache.kafka.clients.consumer."},
            new String[] {"aggregate load (Axon sourcing from AggregateStates)", "org.axonframework.eventsourcing.EventSourcingRepository.doLoad"},
            new String[] {"state apply (WorkloadState.apply)", "io.rollbook.api.state.WorkloadState.apply"},
            new String[] {"planner (Reconciler.reconcile)", "io.rollbook.engine.deployment.Reconciler.reconcile"},
            new String[] {"ReplicaSet controller", "io.rollbook.engine.controllers.ReplicaSetController."},
            new String[] {"controller loop, rest (pods(), wake-up)", "io.rollbook.engine.controllers.ControllerLoop."},
            new String[] {"decider, rest (DeploymentDecider)", "io.rollbook.engine.verbs.DeploymentDecider."},
            new String[] {"AggregateStates (read/stage/commit)", "io.rollbook.infra.kafka.AggregateStates."},
            new String[] {"Axon, rest (bus, unit of work, aggregate model)", "org.axonframework."},
            new String[] {"command loop, rest", "io.rollbook.infra.kafka."});

    /** Library entry points worth seeing inclusive (the raw inclusive list is all Axon plumbing). */
    static final List<String> LIBRARY = List.of(
            "java.time.Instant.parse", "java.time.Instant.toString", "java.util.UUID.",
            "java.util.regex.Pattern.compile", "java.util.regex.Pattern.matcher", "java.util.regex.Pattern.matches",
            "java.lang.String.format", "java.lang.reflect.Method.invoke",
            "com.fasterxml.jackson.databind.ObjectMapper.", "com.fasterxml.jackson.databind.ObjectReader.",
            "org.axonframework.eventsourcing.EventSourcedAggregate.initializeState",
            "org.axonframework.eventsourcing.EventSourcedAggregate.publish",
            "org.axonframework.modelling.command.inspection.AnnotatedAggregate.publish",
            "org.axonframework.messaging.MetaData.", "org.axonframework.eventhandling.GenericDomainEventMessage.<init>",
            "org.axonframework.messaging.unitofwork.AbstractUnitOfWork.commit",
            "org.apache.kafka.clients.producer.KafkaProducer.", "org.apache.kafka.clients.consumer.KafkaConsumer.",
            "org.apache.kafka.common.compress.");

    private JfrSummary() {
    }

    /** Re-summarizes a recording: {@code FILE.jfr [COMMANDS [FROM TO]]} (times as ISO-8601 instants). */
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long units = args.length > 1 ? Long.parseLong(args[1]) : 0;
        Instant from = args.length > 3 ? Instant.parse(args[2]) : Instant.MIN;
        Instant to = args.length > 3 ? Instant.parse(args[3]) : Instant.MAX;
        System.out.print(summarize(file, units, from, to));
    }

    private static Map<String, Long> filter(Map<String, Long> counts, java.util.function.Predicate<String> keep) {
        Map<String, Long> out = new HashMap<>();
        counts.forEach((k, v) -> {
            if (keep.test(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    static String summarize(Path file, long units, Instant from, Instant to) {
        List<RecordedEvent> events;
        try {
            events = RecordingFile.readAllEvents(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, Long> byGroup = new HashMap<>();
        Map<String, Long> stages = new LinkedHashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> parked = new HashMap<>();
        Allocation allocation = new Allocation();
        long engine = 0;
        long all = 0;
        for (RecordedEvent e : events) {
            if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                continue;
            }
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                RecordedThread t = e.getThread("sampledThread");
                String name = t == null ? "?" : t.getJavaName();
                byGroup.merge(group(name), 1L, Long::sum);
                all++;
                if (name != null && name.startsWith(ENGINE_THREAD) && e.getStackTrace() != null) {
                    engine++;
                    countEngineSample(e.getStackTrace(), stages, self, inclusive);
                }
            } else if (type.equals("jdk.ObjectAllocationSample") && isEngine(e.getThread("eventThread"))
                    && e.getStackTrace() != null) {
                allocation.sample(e, e.getStackTrace().getFrames());
            } else if (type.equals("jdk.GarbageCollection")) {
                allocation.collection(e);
            } else if (type.equals("jdk.ThreadPark") && e.getThread() != null && e.getThread().getJavaName() != null
                    && e.getThread().getJavaName().startsWith(ENGINE_THREAD)) {
                parked.merge(parkSite(e.getStackTrace()), e.getDuration().toNanos(), Long::sum);
            }
        }
        Duration window = from == Instant.MIN ? Duration.ZERO : Duration.between(from, to);
        return render(file, units, window, all, engine, byGroup, stages, self, inclusive, parked)
                + allocation.render(units);
    }

    private static boolean isEngine(RecordedThread t) {
        return t != null && t.getJavaName() != null && t.getJavaName().startsWith(ENGINE_THREAD);
    }

    /**
     * The engine thread's allocation: JFR samples allocations (jdk.ObjectAllocationSample, throttled)
     * and weighs each sample with the bytes allocated since the last one, so the weights sum to about
     * what the thread allocated. Plus every collection of the window: count, pauses, the longest.
     */
    private static final class Allocation {
        private final Map<String, Long> byStage = new HashMap<>();
        private final Map<String, Long> bySite = new HashMap<>();
        private long bytes;
        private long collections;
        private long pauseNanos;
        private long longestPauseNanos;

        void sample(RecordedEvent e, List<RecordedFrame> frames) {
            long weight = e.getLong("weight");
            bytes += weight;
            byStage.merge(stage(frames), weight, Long::sum);
            String site = "?";
            for (RecordedFrame f : frames) {
                if (method(f).startsWith("io.rollbook.")) {
                    site = method(f);
                    break;
                }
            }
            bySite.merge(site + " -> " + e.getClass("objectClass").getName(), weight, Long::sum);
        }

        void collection(RecordedEvent e) {
            collections++;
            long pause = e.getDuration("sumOfPauses").toNanos();
            pauseNanos += pause;
            longestPauseNanos = Math.max(longestPauseNanos, e.getDuration("longestPause").toNanos());
        }

        String render(long units) {
            StringBuilder out = new StringBuilder();
            out.append(String.format("%nEngine thread: allocated %.0f MB in the window, %.0f bytes/cmd (weighted JFR samples)%n",
                    bytes / 1e6, units == 0 ? 0 : bytes / (double) units));
            out.append("  by stage:\n");
            bytesTable(out, byStage, units, 20);
            out.append("  by innermost Rollbook frame -> class allocated:\n");
            bytesTable(out, bySite, units, 30);
            out.append(String.format("GC (whole JVM): %d collections in the window, pauses %.0f ms in all, longest %.1f ms%n",
                    collections, pauseNanos / 1e6, longestPauseNanos / 1e6));
            return out.toString();
        }

        private void bytesTable(StringBuilder out, Map<String, Long> counts, long units, int limit) {
            List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
            rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            for (Map.Entry<String, Long> e : rows.subList(0, Math.min(limit, rows.size()))) {
                out.append(String.format("  %5.1f%%  %8.0f B/cmd  %s%n", bytes == 0 ? 0 : 100.0 * e.getValue() / bytes,
                        units == 0 ? 0 : e.getValue() / (double) units, e.getKey()));
            }
        }
    }

    private static void countEngineSample(RecordedStackTrace stack, Map<String, Long> stages, Map<String, Long> self,
                                          Map<String, Long> inclusive) {
        List<RecordedFrame> frames = stack.getFrames();
        if (!frames.isEmpty()) {
            self.merge(method(frames.get(0)), 1L, Long::sum);
        }
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
            String m = method(f);
            if (seen.add(m)) {
                inclusive.merge(m, 1L, Long::sum);
            }
        }
        stages.merge(stage(frames), 1L, Long::sum);
    }

    private static String stage(List<RecordedFrame> frames) {
        for (String[] s : STAGES) {
            for (RecordedFrame f : frames) {
                if (method(f).startsWith(s[1])) {
                    return s[0];
                }
            }
        }
        return "other";
    }

    private static String parkSite(RecordedStackTrace stack) {
        if (stack == null) {
            return "?";
        }
        for (RecordedFrame f : stack.getFrames()) {
            String m = method(f);
            if (m.startsWith("io.rollbook.") || m.startsWith("org.apache.kafka.clients.producer.KafkaProducer.")
                    || m.startsWith("org.apache.kafka.clients.consumer.KafkaConsumer.")) {
                return m;
            }
        }
        return method(stack.getFrames().get(0));
    }

    private static String method(RecordedFrame f) {
        return f.getMethod() == null ? "?" : f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static String group(String thread) {
        if (thread == null) {
            return "other";
        }
        if (thread.startsWith(ENGINE_THREAD)) {
            return "engine (command loop)";
        }
        if (thread.startsWith("kafka-producer-network-thread")) {
            return "Kafka producer I/O threads (clients)";
        }
        if (thread.startsWith("data-plane-kafka") || thread.contains("request-handler")
                || thread.startsWith("kafka-") || thread.contains("Controller") || thread.contains("broker")
                || thread.startsWith("ReplicaFetcher") || thread.contains("raft") || thread.contains("quorum")
                || thread.contains("group-coordinator") || thread.contains("LogDirFailure")) {
            return "broker (in-process Kafka)";
        }
        if (thread.startsWith("bench-") || thread.startsWith("kubelet")) {
            return "harness / kubelet (" + thread.replaceAll("-\\d+$", "") + ")";
        }
        if (thread.contains("consumer")) {
            return "Kafka consumer threads";
        }
        return "other (" + thread.replaceAll("[- ]?\\d+$", "") + ")";
    }

    private static String render(Path file, long units, Duration window, long all, long engine, Map<String, Long> byGroup,
                                 Map<String, Long> stages, Map<String, Long> self, Map<String, Long> inclusive,
                                 Map<String, Long> parked) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("JFR summary of %s: %d Java samples at 10 ms in the %.1f s measured window,"
                + " %d commands%n%n", file.getFileName(), all, window.toMillis() / 1000.0, units));
        out.append("CPU samples by thread group (all threads)\n");
        table(out, byGroup, all, units, 20);
        out.append("\nEngine thread: samples by stage of a command (first listed stage on the stack wins)\n");
        table(out, stages, engine, units, 40);
        out.append("\nEngine thread: hottest methods, self\n");
        table(out, self, engine, units, 30);
        out.append("\nEngine thread: Rollbook methods, inclusive\n");
        table(out, filter(inclusive, m -> m.startsWith("io.rollbook.")), engine, units, 45);
        out.append("\nEngine thread: library calls of note, inclusive\n");
        table(out, filter(inclusive, m -> LIBRARY.stream().anyMatch(m::startsWith)), engine, units, 30);
        out.append("\nEngine thread: parked (>= 1 ms), total ms by innermost rollbook/Kafka client frame\n");
        List<Map.Entry<String, Long>> p = new ArrayList<>(parked.entrySet());
        p.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> e : p) {
            out.append(String.format("  %10.0f ms  %s%n", e.getValue() / 1e6, e.getKey()));
        }
        return out.toString();
    }

    private static void table(StringBuilder out, Map<String, Long> counts, long total, long units, int limit) {
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> e : rows.subList(0, Math.min(limit, rows.size()))) {
            double pct = total == 0 ? 0 : 100.0 * e.getValue() / total;
            double usPerUnit = units == 0 ? 0 : e.getValue() * 10_000.0 / units;
            out.append(String.format("  %6d  %5.1f%%  %8.1f us/cmd  %s%n", e.getValue(), pct, usPerUnit, e.getKey()));
        }
    }
}
