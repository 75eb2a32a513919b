package io.rollbook.infra.crash;

import io.rollbook.api.command.Outcomes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.MalformedCommand;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.Partitions;
import io.rollbook.infra.kafka.ReadToEnd;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything one run left in Kafka, read as any client would: every command record (uncommitted
 * reads: producers of commands are not transactional), every committed outcome and event, and the
 * commands the engine forwarded (committed, with their {@code rollbook.forwarded.from} header). It
 * counts outcomes per command, (aggregate, sequence) pairs and the partitions each aggregate's
 * events are on, and folds each aggregate's events with the engine's own {@link WorkloadState} to
 * compare end states. Not thread-safe.
 */
public final class LogView implements AutoCloseable {

    /** The header the engine puts on a command it forwards to the partition of its target. */
    static final String FORWARDED_FROM = "rollbook.forwarded.from";

    /**
     * The verdict on exactly-once. {@code lost}: commands without an outcome, gaps in sequences, and
     * commands read on a partition that does not own their target and never forwarded;
     * {@code duplicated}: extra outcomes, repeated sequences, and commands forwarded more than once;
     * {@code misplaced}: aggregates whose events are on more than one partition, or not on the one
     * murmur2 of their key picks (two histories of one object).
     */
    public record Check(long commands, long lost, long duplicated, long misplaced, List<String> problems) {
        public boolean ok() {
            return lost == 0 && duplicated == 0 && misplaced == 0;
        }
    }

    private final Topics topics;
    private final KafkaConsumer<String, byte[]> committed;
    private final KafkaConsumer<String, byte[]> commandReader;
    private final Map<String, Integer> commandRecords = new HashMap<>();
    private final Map<String, Integer> outcomes = new HashMap<>();
    private final Map<String, Outcome> firstOutcome = new HashMap<>();
    private final Map<String, Map<Long, Integer>> sequences = new HashMap<>();
    private final Map<String, WorkloadState> states = new HashMap<>();
    private final Map<String, Long> nextSequence = new HashMap<>();
    private final Map<String, Set<Integer>> partitionsOf = new HashMap<>();
    private final Map<String, Integer> misrouted = new HashMap<>();
    private final Map<String, Integer> forwarded = new HashMap<>();
    private final int partitions;
    private long events;
    private long unreadable;

    public LogView(KafkaSettings kafka, Topics topics) {
        this.topics = topics;
        this.committed = consumer(kafka, ClientRole.COMMITTED_READER,
                List.of(topics.events(), topics.outcomes(), topics.commands()));
        this.commandReader = consumer(kafka, ClientRole.UNCOMMITTED_READER, List.of(topics.commands()));
        this.partitions = commandReader.partitionsFor(topics.commands()).size();
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaSettings kafka, ClientRole role, List<String> names) {
        KafkaConsumer<String, byte[]> c = kafka.consumer(role, "crash-log-view-" + names.get(0));
        List<TopicPartition> all = new ArrayList<>();
        for (String name : names) {
            all.addAll(ReadToEnd.partitionsOf(c, name));
        }
        c.assign(all);
        c.seekToBeginning(all);
        return c;
    }

    /** Reads what has been written since the last call, up to the current (stable) end offsets. */
    public void catchUp() {
        ReadToEnd.drain(commandReader, this::command);
        ReadToEnd.drain(committed, r -> {
            if (r.topic().equals(topics.events())) {
                event(r);
            } else if (r.topic().equals(topics.outcomes())) {
                outcome(r.value());
            } else if (r.headers().lastHeader(FORWARDED_FROM) != null) {
                String id = commandId(r);
                if (id != null) {
                    forwarded.merge(id, 1, Integer::sum);
                }
            }
        });
    }

    /** An original command record (a forwarded copy is counted from the committed read, never as a command). */
    private void command(ConsumerRecord<String, byte[]> r) {
        if (r.headers().lastHeader(FORWARDED_FROM) != null) {
            return;
        }
        String id = commandId(r);
        if (id == null) {
            unreadable++;
            return;
        }
        commandRecords.merge(id, 1, Integer::sum);
        if (r.key() != null && Partitions.of(r.key(), partitions) != r.partition() && isCommand(r)) {
            misrouted.merge(id, 1, Integer::sum); // the engine must forward it, once
        }
    }

    /** Whether the engine reads it as a command (a record it cannot read is dead-lettered where it is, not forwarded). */
    private static boolean isCommand(ConsumerRecord<String, byte[]> r) {
        try {
            Commands.decode(r.value(), java.time.Instant.EPOCH);
            return true;
        } catch (MalformedCommand e) {
            return false;
        }
    }

    private static String commandId(ConsumerRecord<String, byte[]> r) {
        try {
            JsonNode id = r.value() == null ? null : Codec.json().readTree(r.value()).get("commandId");
            return id != null && id.isTextual() ? id.textValue() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void outcome(byte[] value) {
        Outcome o = Outcomes.decode(value);
        outcomes.merge(o.commandId(), 1, Integer::sum);
        firstOutcome.putIfAbsent(o.commandId(), o);
    }

    private void event(ConsumerRecord<String, byte[]> r) {
        EventEnvelope e = Events.decode(r.value());
        events++;
        partitionsOf.computeIfAbsent(e.aggregate(), k -> new TreeSet<>()).add(r.partition());
        sequences.computeIfAbsent(e.aggregate(), k -> new HashMap<>()).merge(e.sequence(), 1, Integer::sum);
        long next = nextSequence.getOrDefault(e.aggregate(), 0L);
        if (e.sequence() == next) { // a duplicate or an event after a gap is counted, never folded
            states.computeIfAbsent(e.aggregate(), WorkloadState::new).apply(e.data(), e.time());
            nextSequence.put(e.aggregate(), next + 1);
        }
    }

    public long eventCount() {
        return events;
    }

    public long outcomeCount() {
        return outcomes.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** The first outcome of {@code commandId}, or null while it has none. */
    public Outcome outcome(String commandId) {
        return firstOutcome.get(commandId);
    }

    public boolean hasOutcomes(Collection<String> commandIds) {
        return commandIds.stream().allMatch(outcomes::containsKey);
    }

    /**
     * Every command record has exactly one outcome (a command sent twice under one id gets two,
     * the second repeating the first), and every aggregate's sequences run 0..n-1 once each.
     */
    public Check check() {
        List<String> problems = new ArrayList<>();
        long lost = 0;
        long duplicated = 0;
        TreeSet<String> ids = new TreeSet<>(commandRecords.keySet());
        ids.addAll(outcomes.keySet());
        for (String id : ids) {
            int sent = commandRecords.getOrDefault(id, 0);
            int answered = outcomes.getOrDefault(id, 0);
            if (answered < sent) {
                lost += sent - answered;
                note(problems, "command " + id + ": sent " + sent + " times, " + answered + " outcomes");
            } else if (answered > sent) {
                duplicated += answered - sent;
                note(problems, "command " + id + ": sent " + sent + " times, " + answered + " outcomes");
            }
        }
        for (var agg : new TreeMap<>(sequences).entrySet()) {
            long max = -1;
            for (var seq : agg.getValue().entrySet()) {
                max = Math.max(max, seq.getKey());
                if (seq.getValue() > 1) {
                    duplicated += seq.getValue() - 1;
                    note(problems, "event " + agg.getKey() + "#" + seq.getKey() + " appears " + seq.getValue() + " times");
                }
            }
            long gaps = max + 1 - agg.getValue().size();
            if (gaps > 0) {
                lost += gaps;
                note(problems, agg.getKey() + ": " + gaps + " sequence numbers missing below " + max);
            }
        }
        TreeSet<String> moved = new TreeSet<>(misrouted.keySet());
        moved.addAll(forwarded.keySet());
        for (String id : moved) {
            int expected = misrouted.getOrDefault(id, 0);
            int copies = forwarded.getOrDefault(id, 0);
            if (copies < expected) {
                lost += expected - copies;
                note(problems, "command " + id + ": read " + expected + " times off its partition, forwarded " + copies);
            } else if (copies > expected) {
                duplicated += copies - expected;
                note(problems, "command " + id + ": read " + expected + " times off its partition, forwarded " + copies);
            }
        }
        long misplaced = 0;
        for (var agg : new TreeMap<>(partitionsOf).entrySet()) {
            int owner = Partitions.of(ObjectRef.keyOfAggregate(agg.getKey()), partitions);
            if (!agg.getValue().equals(Set.of(owner))) {
                misplaced++;
                note(problems, agg.getKey() + ": events on partitions " + agg.getValue() + ", its partition is " + owner);
            }
        }
        if (unreadable > 0) {
            note(problems, unreadable + " command records without a readable commandId");
        }
        return new Check(commandRecords.values().stream().mapToLong(Integer::longValue).sum(), lost, duplicated,
                misplaced, List.copyOf(problems));
    }

    /** Commands read off their target's partition (and so forwarded by the engine), for the report. */
    public long forwardedCount() {
        return forwarded.values().stream().mapToLong(Integer::longValue).sum();
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < 20) {
            problems.add(problem);
        }
    }

    /**
     * Waits until every command of {@code ids} has an outcome, then until no new event came for
     * {@code quiet} while every Deployment looks {@link #settled}: a run's end, read from the log.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitSettled(Collection<String> ids, Collection<ObjectRef> deployments, Duration quiet,
                                Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastEvents = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            catchUp();
            if (eventCount() != lastEvents) {
                lastEvents = eventCount();
                quietSince = System.nanoTime();
            } else if (hasOutcomes(ids) && settled(deployments) && System.nanoTime() - quietSince >= quiet.toNanos()) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** True when every Deployment exists, is not paused, and its pods match its ReplicaSets with no old one left up. */
    public boolean settled(Collection<ObjectRef> deployments) {
        return deployments.stream().allMatch(d -> settled(states.get(d.aggregateId())));
    }

    private static boolean settled(WorkloadState s) {
        if (s == null || s.deployment() == null || s.deployment().spec().isPaused()) {
            return false;
        }
        Deployment d = s.deployment();
        int replicas = d.spec().replicasOrDefault();
        DeploymentStatus st = d.statusOrEmpty();
        if (st.observedGeneration() < d.metadata().generationOrZero() || st.replicas() != replicas
                || st.updatedReplicas() != replicas || st.availableReplicas() != replicas) {
            return false;
        }
        if (s.pods().stream().anyMatch(p -> p.terminating() || !p.ready())) {
            return false;
        }
        int up = 0;
        for (ReplicaSet rs : s.replicaSets()) {
            if (activePods(s, rs.name()) != rs.specReplicas()) {
                return false;
            }
            up += rs.specReplicas() > 0 ? 1 : 0;
        }
        return up <= 1;
    }

    /** What a Deployment was last told: its replicas, and the image of its one container. */
    public record Commanded(int replicas, String container, String image) {
    }

    /**
     * How each Deployment's final state differs from what it was last commanded (empty when none
     * does): spec replicas and image, status counts, and exactly one ReplicaSet with pods, running
     * that image with that many active pods.
     */
    public List<String> differencesFrom(Map<ObjectRef, Commanded> commanded) {
        List<String> out = new ArrayList<>();
        for (var e : commanded.entrySet()) {
            String why = differenceFrom(states.get(e.getKey().aggregateId()), e.getValue());
            if (why != null) {
                note(out, e.getKey().key() + ": " + why);
            }
        }
        return out;
    }

    private static String differenceFrom(WorkloadState s, Commanded c) {
        if (s == null || s.deployment() == null) {
            return "no Deployment";
        }
        Deployment d = s.deployment();
        String image = imageOf(d.spec().template(), c.container());
        if (d.spec().replicasOrDefault() != c.replicas() || !c.image().equals(image)) {
            return "spec has " + d.spec().replicasOrDefault() + " replicas of " + image + ", commanded " + c.replicas()
                    + " of " + c.image();
        }
        DeploymentStatus st = d.statusOrEmpty();
        if (st.replicas() != c.replicas() || st.updatedReplicas() != c.replicas() || st.availableReplicas() != c.replicas()) {
            return "status " + st.replicas() + "/" + st.updatedReplicas() + "/" + st.availableReplicas() + ", commanded "
                    + c.replicas();
        }
        List<ReplicaSet> up = s.replicaSets().stream().filter(rs -> rs.specReplicas() > 0 || activePods(s, rs.name()) > 0)
                .toList();
        if (up.size() != 1 || up.get(0).specReplicas() != c.replicas() || activePods(s, up.get(0).name()) != c.replicas()
                || !c.image().equals(imageOf(up.get(0).spec().template(), c.container()))) {
            return "ReplicaSets with pods: " + up.stream().map(rs -> rs.name() + "=" + rs.specReplicas() + " ("
                    + activePods(s, rs.name()) + " pods of " + imageOf(rs.spec().template(), c.container()) + ")").toList();
        }
        return null;
    }

    private static String imageOf(io.rollbook.api.manifest.PodTemplateSpec template, String container) {
        if (template == null || template.spec() == null || template.spec().containers() == null) {
            return null;
        }
        return template.spec().containers().stream().filter(x -> container.equals(x.name()))
                .map(io.rollbook.api.manifest.Container::image).findFirst().orElse(null);
    }

    private static long activePods(WorkloadState s, String rs) {
        return s.podsOf(rs).stream().filter(PodState::active).count();
    }

    /**
     * What must be equal between two runs, per Deployment: spec, annotations (revision, change-cause),
     * generation, status counts, and per ReplicaSet its revision, spec.replicas and active pods. Not
     * timings, conditions or pod names: the kubelet stand-in's timing differs between runs.
     */
    public Map<String, JsonNode> finalStates(Collection<ObjectRef> deployments) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (ObjectRef ref : deployments) {
            WorkloadState s = states.get(ref.aggregateId());
            ObjectNode node = Codec.json().createObjectNode();
            if (s != null && s.deployment() != null) {
                Deployment d = s.deployment();
                node.set("spec", Codec.toTree(d.spec()));
                node.set("annotations", Codec.toTree(new TreeMap<>(d.metadata().annotations() == null
                        ? Map.of() : d.metadata().annotations())));
                node.put("generation", d.metadata().generationOrZero());
                DeploymentStatus st = d.statusOrEmpty();
                node.put("status", st.replicas() + "/" + st.updatedReplicas() + "/" + st.readyReplicas() + "/"
                        + st.availableReplicas() + "/" + st.unavailableReplicas());
                ObjectNode rss = node.putObject("replicaSets");
                for (ReplicaSet rs : s.replicaSets()) {
                    var annotations = rs.metadata().annotations() == null ? Map.<String, String>of()
                            : rs.metadata().annotations();
                    rss.putObject(rs.name())
                            .put("revision", annotations.get(WellKnown.REVISION_ANNOTATION))
                            .put("replicas", rs.specReplicas())
                            .put("pods", activePods(s, rs.name()));
                }
            }
            out.put(ref.key(), node);
        }
        return out;
    }

    @Override
    public void close() {
        committed.close(Duration.ofSeconds(5));
        commandReader.close(Duration.ofSeconds(5));
    }
}
