package io.rollbook.engine.kubelet;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.ReportPod;
import io.rollbook.api.command.Tick;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.ObjectApplied;
import io.rollbook.api.event.ObjectDeleted;
import io.rollbook.api.event.PodCrashed;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodFailed;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.event.PodRestarted;
import io.rollbook.api.event.PodStarted;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.event.WakeUpScheduled;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.network.PodNetwork;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The kubelet stand-in's mind, without Kafka, threads or clock: fed the event log in order, it
 * folds each workload's events into the one {@link WorkloadState}, places each new pod on the
 * least-loaded node (ties by node name) and plans the pod reports a kubelet would send, each at a
 * due time derived from the event's time and the {@link Stages}. What it keeps of its own is what
 * a kubelet decides: where each pod runs, its addresses, and the reports still wanted.
 *
 * <p>Image tags choose the pod's fate ({@link Stages.Fate}): {@code :broken} starts but never
 * becomes Ready; {@code :fail} starts, then its container crashes and is restarted in place, as a
 * kubelet does with restartPolicy Always: after each crash the container waits in
 * {@value #CRASH_REASON} for the back-off (10 s after the first crash, doubling up to 5 min, the
 * kubelet's numbers), is restarted ({@code restartCount} + 1), runs for the ready delay and crashes
 * again. Every due time comes from an event's time, never a clock. It also turns each
 * {@link WakeUpScheduled} into a planned {@link Tick}. The Running and Ready reports carry the
 * addresses the pod got from {@link PodAddresses} on its node's subnet of the {@link PodNetwork}.
 *
 * <p>A plan can go stale (the pod was deleted, or the engine already saw the transition):
 * ask {@link #stillWanted} just before sending. Not thread-safe.
 */
public final class KubeletModel {

    /** The actor of every command the kubelet sends. */
    public static final String ACTOR = "kubelet";
    /** Why the container of an image tagged {@code fail} waits between its restarts. */
    public static final String CRASH_REASON = "CrashLoopBackOff";
    /** The kubelet's back-off after a container's first crash (kuberuntime's initial crash-loop back-off). */
    public static final Duration BACK_OFF_INITIAL = Duration.ofSeconds(10);
    /** The most the back-off grows to, doubling after each crash. */
    public static final Duration BACK_OFF_MAX = Duration.ofMinutes(5);

    private static final String RUNNING = WellKnown.POD_RUNNING;
    private static final String READY = WellKnown.POD_READY;
    private static final String FAILED = WellKnown.POD_FAILED;
    private static final String TERMINATED = ReportPod.TERMINATED;

    /**
     * A command to send at {@code due}, unless it went stale meanwhile.
     *
     * @param target    the Deployment, or the ReplicaSet of a bare ReplicaSet aggregate
     * @param commandId deterministic ({@code kubelet:<aggregate>:<pod>:<phase>}, {@code tick:<aggregate>:<at>:<sequence>}),
     *                  so a report re-sent after a restart is deduplicated by the engine
     * @param payload   a {@link ReportPod} or a {@link Tick}
     */
    public record PlannedReport(Instant due, ObjectRef target, String commandId, CommandPayload payload) {
        public PlannedReport {
            Objects.requireNonNull(due, "due");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(payload, "payload");
        }

        /** The command to send, issued at {@code issuedAt} by {@value KubeletModel#ACTOR}. */
        public CommandEnvelope toCommand(Instant issuedAt) {
            return CommandEnvelope.of(commandId, target, issuedAt, ACTOR, null, payload);
        }
    }

    /** A pod the kubelet placed; the ids of its reports are {@link #reportId}s of its name, one per phase. */
    private record Pod(String aggregate, String name, String replicaSet, String node) {
    }

    /** Every phase a report of a pod can carry: what {@link #forget} cancels. */
    private static final List<String> PHASES = List.of(RUNNING, READY, FAILED, TERMINATED);

    private final Stages stages;
    private final Map<String, WorkloadState> workloads = new HashMap<>(); // aggregate -> the one fold of its log
    private final Map<String, Pod> pods = new LinkedHashMap<>(); // by podKey
    private final Map<String, Integer> load = new TreeMap<>(); // node -> pods on it, by node name
    private final Map<String, String> ticks = new HashMap<>(); // aggregate -> id of its planned tick
    private final Map<String, String> cycles = new HashMap<>(); // podKey -> id of its planned crash or restart
    private final Set<String> wanted = new HashSet<>();
    private final PodAddresses addresses;

    /** A kubelet on the default pod network (10.244.0.0/16, a /24 per node of {@code stages}). */
    public KubeletModel(Stages stages) {
        this(stages, PodNetwork.defaults(stages.nodes()));
    }

    public KubeletModel(Stages stages, PodNetwork network) {
        this.stages = Objects.requireNonNull(stages, "stages");
        this.addresses = new PodAddresses(network);
        stages.nodes().forEach(n -> load.put(n, 0));
    }

    /** Folds one event in; returns the reports it newly plans (empty for most events). */
    public List<PlannedReport> on(EventEnvelope e) {
        String aggregate = e.aggregate();
        Instant time = e.time() == null ? Instant.EPOCH : e.time();
        RollbookEvent data = e.data();
        if (data instanceof ObjectApplied || data instanceof ObjectDeleted) {
            addresses.definition(e);
            return List.of();
        }
        WorkloadState state = workloads.computeIfAbsent(aggregate, WorkloadState::new);
        state.apply(data, time);
        state.forgetRevisionsGone(); // the kubelet reads pods: the outcomes of gone revisions grew with every rollout
        if (data instanceof PodCreated p) {
            return created(aggregate, state.pod(p.pod()), time);
        } else if (data instanceof PodTerminating p) {
            return terminating(aggregate, p.pod(), time);
        } else if (data instanceof WakeUpScheduled w) {
            return wakeUp(aggregate, w.at(), e.sequence());
        } else if (data instanceof PodStarted p) {
            settle(aggregate, p.pod(), RUNNING);
            if (p.ip() != null && p.node() != null && pods.containsKey(podKey(aggregate, p.pod()))) {
                addresses.claim(podKey(aggregate, p.pod()), p.node(), p.ip(), p.networks());
            }
        } else if (data instanceof PodReady p) {
            settle(aggregate, p.pod(), RUNNING, READY);
        } else if (data instanceof PodFailed p) {
            settle(aggregate, p.pod(), RUNNING, READY, FAILED);
            cancelCycle(podKey(aggregate, p.pod()));
        } else if (data instanceof PodCrashed p) {
            return crashed(aggregate, state.pod(p.pod()), time);
        } else if (data instanceof PodRestarted p) {
            return restarted(aggregate, state.pod(p.pod()), time);
        } else if (data instanceof PodDeleted p) {
            forget(podKey(aggregate, p.pod()));
        } else if (data instanceof ReplicaSetDeleted d) {
            replicaSetDeleted(aggregate, d.replicaSet());
        } else if (data instanceof DeploymentDeleted) {
            aggregateDeleted(aggregate);
        }
        return List.of();
    }

    /** True while {@code report} is still to be sent: planned, not cancelled, not yet seen in the log. */
    public boolean stillWanted(PlannedReport report) {
        return wanted.contains(report.commandId());
    }

    /** The report was delivered: do not send it again. */
    public void sent(PlannedReport report) {
        wanted.remove(report.commandId());
        ticks.remove(report.target().aggregateId(), report.commandId());
    }

    /** The node a pod was placed on, or null when the kubelet does not know the pod (any more). */
    public String nodeOf(String aggregate, String pod) {
        Pod p = pods.get(podKey(aggregate, pod));
        return p == null ? null : p.node();
    }

    /** The address the pod got on the cluster network, or null when the kubelet does not know the pod. */
    public String ipOf(String aggregate, String pod) {
        PodAddresses.Addresses a = addresses.of(podKey(aggregate, pod));
        return a == null ? null : a.ip();
    }

    /** How many reports are still wanted. */
    public int pending() {
        return wanted.size();
    }

    /** The commandId of a pod report. */
    public static String reportId(String aggregate, String pod, String phase) {
        return "kubelet:" + aggregate + ":" + pod + ":" + phase;
    }

    /**
     * The commandId of a tick: one per WakeUpScheduled event (its sequence), so that when the
     * engine asks again for the same time, after a tick that came too early, the new tick is not
     * taken for the old one and dropped as a duplicate.
     */
    public static String tickId(String aggregate, Instant at, long sequence) {
        return "tick:" + aggregate + ":" + at + ":" + sequence;
    }

    /** The object an aggregate id names: {@code ns/name} a Deployment, {@code ns/replicasets/name} a ReplicaSet. */
    public static ObjectRef targetOf(String aggregate) {
        int first = aggregate.indexOf('/');
        int last = aggregate.lastIndexOf('/');
        if (first < 0) {
            throw new IllegalArgumentException("not an aggregate id: " + aggregate);
        }
        String namespace = aggregate.substring(0, first);
        String name = aggregate.substring(last + 1);
        return first == last ? ObjectRef.deployment(namespace, name) : ObjectRef.replicaSet(namespace, name);
    }

    /** A pod the log just created, as the fold holds it (with its ReplicaSet's template). */
    private List<PlannedReport> created(String aggregate, PodState p, Instant time) {
        String key = podKey(aggregate, p.name());
        if (pods.containsKey(key)) {
            return List.of();
        }
        String node = leastLoadedNode();
        load.merge(node, 1, Integer::sum);
        Pod pod = new Pod(aggregate, p.name(), p.replicaSet(), node);
        pods.put(key, pod);
        PodTemplateSpec template = p.template();
        addresses.assign(key, aggregate, template, node);
        List<PlannedReport> out = new ArrayList<>();
        PlannedReport running = plan(pod, RUNNING, null, time, stages.startDelay());
        out.add(running);
        Stages.Fate fate = Stages.Fate.of(images(template));
        if (fate == Stages.Fate.HEALTHY) {
            out.add(plan(pod, READY, null, running.due(), stages.readyDelay()));
        } else if (fate == Stages.Fate.FAILING) {
            out.add(planCycle(pod, ReportPod.CRASHED, 1, running.due(), stages.readyDelay()));
        }
        return out;
    }

    /** The n-th crash is in the log: the container is restarted once its back-off has passed. */
    private List<PlannedReport> crashed(String aggregate, PodState p, Instant time) {
        Pod pod = pods.get(podKey(aggregate, p.name()));
        if (pod == null || p.terminating()) {
            return List.of();
        }
        int crash = p.restartCount() + 1;
        cancelCycle(podKey(aggregate, p.name()));
        return List.of(planCycle(pod, ReportPod.RESTARTED, crash, time, backOff(crash)));
    }

    /** The container runs again: it crashes after the ready delay, as the first time. */
    private List<PlannedReport> restarted(String aggregate, PodState p, Instant time) {
        Pod pod = pods.get(podKey(aggregate, p.name()));
        if (pod == null || p.terminating()) {
            return List.of();
        }
        cancelCycle(podKey(aggregate, p.name()));
        return List.of(planCycle(pod, ReportPod.CRASHED, p.restartCount() + 1, time, stages.readyDelay()));
    }

    /** The wait before restarting a container after its {@code crash}-th crash: 10 s, doubling, at most 5 min. */
    public static Duration backOff(int crash) {
        Duration d = BACK_OFF_INITIAL;
        for (int i = 1; i < crash && d.compareTo(BACK_OFF_MAX) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(BACK_OFF_MAX) > 0 ? BACK_OFF_MAX : d;
    }

    /**
     * A crash or a restart, the {@code n}-th of the pod: its id names the count, so each cycle's
     * report is a command of its own, deduplicated on a re-send like every report.
     */
    private PlannedReport planCycle(Pod pod, String phase, int n, Instant from, Duration delay) {
        String id = reportId(pod.aggregate(), pod.name(), phase + "-" + n);
        wanted.add(id);
        cycles.put(podKey(pod.aggregate(), pod.name()), id);
        Instant due = from.plus(stages.jittered(delay, id));
        return new PlannedReport(due, targetOf(pod.aggregate()), id, new ReportPod(pod.name(), phase, pod.node(),
                ReportPod.CRASHED.equals(phase) ? CRASH_REASON : null));
    }

    private void cancelCycle(String key) {
        String id = cycles.remove(key);
        if (id != null) {
            wanted.remove(id);
        }
    }

    private List<PlannedReport> terminating(String aggregate, String podName, Instant time) {
        Pod pod = pods.get(podKey(aggregate, podName));
        if (pod == null) {
            return List.of();
        }
        settle(aggregate, podName, RUNNING, READY, FAILED); // a stopping pod neither starts nor readies
        cancelCycle(podKey(aggregate, podName)); // nor crashes or restarts
        return List.of(plan(pod, TERMINATED, null, time, stages.terminateDelay()));
    }

    /**
     * A tick at {@code at}, replacing the one planned before: the engine keeps a single wake-up
     * time per aggregate, computed from its whole state, so the latest one is all it wants. A
     * replayed log therefore re-plans one tick per aggregate, not every wake-up in history.
     */
    private List<PlannedReport> wakeUp(String aggregate, Instant at, long sequence) {
        String id = tickId(aggregate, at, sequence);
        String before = ticks.put(aggregate, id);
        if (id.equals(before)) {
            return List.of();
        }
        if (before != null) {
            wanted.remove(before);
        }
        wanted.add(id);
        return List.of(new PlannedReport(at, targetOf(aggregate), id, new Tick()));
    }

    private PlannedReport plan(Pod pod, String phase, String reason, Instant from, Duration delay) {
        String id = reportId(pod.aggregate(), pod.name(), phase);
        wanted.add(id);
        Instant due = from.plus(stages.jittered(delay, id));
        PodAddresses.Addresses a = addresses.of(podKey(pod.aggregate(), pod.name()));
        boolean starts = a != null && (RUNNING.equals(phase) || READY.equals(phase)); // the reports that may start it
        return new PlannedReport(due, targetOf(pod.aggregate()), id, new ReportPod(pod.name(), phase, pod.node(),
                reason, starts ? a.ip() : null, starts ? a.networks() : null));
    }

    private String leastLoadedNode() {
        String best = null;
        for (Map.Entry<String, Integer> e : load.entrySet()) { // sorted by name: ties go to the first
            if (best == null || e.getValue() < load.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** The images of a pod's template; none when the pod's ReplicaSet was unknown when it was created. */
    private static List<String> images(PodTemplateSpec template) {
        List<String> list = new ArrayList<>();
        for (Container c : template == null ? List.<Container>of() : template.spec().containers()) {
            list.add(c.image());
        }
        return list;
    }

    /** The engine saw these phases of the pod: reports for them are no longer wanted. */
    private void settle(String aggregate, String podName, String... phases) {
        for (String phase : phases) {
            wanted.remove(reportId(aggregate, podName, phase));
        }
    }

    /**
     * The pod is gone: its reports still wanted are cancelled. Every id wanted for it is one of its
     * phases' report ids (each is planned and settled under that id only) or its one planned crash
     * or restart, so cancelling those cancels exactly what was planned.
     */
    private void forget(String key) {
        Pod pod = pods.remove(key);
        addresses.release(key);
        cancelCycle(key);
        if (pod != null) {
            for (String phase : PHASES) {
                wanted.remove(reportId(pod.aggregate(), pod.name(), phase));
            }
            load.merge(pod.node(), -1, Integer::sum);
        }
    }

    private void replicaSetDeleted(String aggregate, String replicaSet) {
        forgetPods(p -> p.aggregate().equals(aggregate) && p.replicaSet().equals(replicaSet));
        if (ObjectRef.REPLICA_SET.equals(targetOf(aggregate).kind())) {
            aggregateDeleted(aggregate); // a bare ReplicaSet's deletion ends its aggregate
        }
    }

    private void aggregateDeleted(String aggregate) {
        workloads.remove(aggregate);
        forgetPods(p -> p.aggregate().equals(aggregate));
        String tick = ticks.remove(aggregate);
        if (tick != null) {
            wanted.remove(tick);
        }
    }

    private void forgetPods(Predicate<Pod> which) {
        List<String> gone = new ArrayList<>();
        pods.forEach((k, p) -> {
            if (which.test(p)) {
                gone.add(k);
            }
        });
        gone.forEach(this::forget);
    }

    private static String podKey(String aggregate, String pod) {
        return aggregate + ":" + pod;
    }
}
