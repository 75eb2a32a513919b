package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.DeploymentStrategy;
import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.OwnerReference;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodStatus;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetCondition;
import io.rollbook.api.manifest.ReplicaSetSpec;
import io.rollbook.api.manifest.ReplicaSetStatus;
import io.rollbook.api.manifest.RollingUpdateDeployment;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.IntOrPercent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test data for the planner: {@code aDeployment().withReplicas(3)}, {@code aReplicaSet("foo-v1")},
 * {@code aPod("p", rs, "Running")}. Every Deployment gets a full strategy (no reliance on Defaults);
 * every ReplicaSet is owned by Deployment {@code foo} (uid {@code uid-foo}) unless told otherwise.
 */
public final class Builders {

    public static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    public static final String NS = "default";
    public static final String NAME = "foo";
    public static final String UID = "uid-foo";
    public static final String HASHED_NAME = "foo-[bcdfghjklmnpqrstvwxz2456789]{1,10}";
    public static final int NO_DEADLINE = Integer.MAX_VALUE;

    private Builders() {
    }

    public static DeploymentBuilder aDeployment() {
        return new DeploymentBuilder();
    }

    public static ReplicaSetBuilder aReplicaSet(String name) {
        return new ReplicaSetBuilder(name);
    }

    /** A pod controlled by {@code owner}; {@code phase} may be null (empty phase). */
    public static Pod aPod(String name, ReplicaSet owner, String phase) {
        ObjectMeta meta = ObjectMeta.named(NS, name).withUid("uid-" + name)
                .withLabels(owner.spec().template().metadata().labels())
                .withOwnerReferences(List.of(new OwnerReference(ReplicaSet.API_VERSION, ReplicaSet.KIND, owner.name(),
                        owner.metadata().uid(), true, true)));
        return new Pod(Pod.API_VERSION, Pod.KIND, meta, null, new PodStatus(phase, null, null, null, null));
    }

    /** The Deployment's pod template for {@code image}: label app=foo, one container "app". */
    public static PodTemplateSpec template(String image) {
        return new PodTemplateSpec(ObjectMeta.named(null, null).withLabels(Map.of("app", NAME)),
                PodSpec.of(Container.of("app", image)));
    }

    public static IntOrPercent intOrPercent(Object value) {
        return value instanceof Integer i ? IntOrPercent.ofInt(i) : IntOrPercent.parse(value.toString());
    }

    public static DeploymentCondition condition(String type, String status, String reason, Instant lastUpdate,
                                         Instant lastTransition) {
        return new DeploymentCondition(type, status, lastUpdate, lastTransition, reason, "");
    }

    public static Instant ago(long seconds) {
        return NOW.minusSeconds(seconds);
    }

    /** Actions as short strings: "create 3 r2", "scale foo-v1 10->8", "annotate foo-v2 {revision=4}", "delete foo-v1". */
    public static List<String> describe(Plan plan) {
        List<String> out = new ArrayList<>();
        for (Action a : plan.actions()) {
            if (a instanceof Action.Create c) {
                out.add("create " + c.replicas() + " r" + c.revision());
            } else if (a instanceof Action.Scale s) {
                out.add("scale " + s.replicaSet() + " " + s.from() + "->" + s.to());
            } else if (a instanceof Action.Annotate an) {
                Map<String, String> shortKeys = new TreeMap<>();
                an.annotations().forEach((k, v) -> shortKeys.put(k.replace("deployment.kubernetes.io/", ""), v));
                out.add("annotate " + an.replicaSet() + " " + shortKeys
                        + (an.minReadySeconds() == null ? "" : " minReady=" + an.minReadySeconds()));
            } else if (a instanceof Action.Delete d) {
                out.add("delete " + d.replicaSet());
            }
        }
        return out;
    }

    /**
     * The worked example of rolling.go: 10 replicas at foo:v2, 25%/25% (maxSurge 3, maxUnavailable
     * 2: at most 13 pods, at least 8 available), generation 2, 10 pods of the old template running.
     */
    public static Deployment tenAtV2() {
        return aDeployment().withReplicas(10).withImage("foo:v2").withRollingUpdate("25%", "25%").withGeneration(2)
                .withStatus(10, 0, 10, 10, 0).build();
    }

    /** A ReplicaSet of that template and revision, sized last for 10 (max 13), with {@code available} of its pods. */
    public static ReplicaSet sizedForTen(String name, String image, long revision, int spec, int available,
                                         long ageSeconds) {
        return aReplicaSet(name).withImage(image).withRevision(revision).withReplicas(spec)
                .withStatus(spec, available, available).withReplicaAnnotations(10, 13).createdSecondsAgo(ageSeconds)
                .build();
    }

    public static Action.Create created(Plan plan) {
        return plan.actions().stream().filter(a -> a instanceof Action.Create).map(a -> (Action.Create) a)
                .findFirst().orElseThrow(() -> new AssertionError("no create action in " + plan.actions()));
    }

    public static final class DeploymentBuilder {
        private String name = NAME;
        private String uid = UID;
        private long generation = 1;
        private int replicas = 3;
        private PodTemplateSpec template = template("foo:v1");
        private DeploymentStrategy strategy = rolling("25%", "25%");
        private int minReadySeconds;
        private Integer revisionHistoryLimit = 10;
        private Integer progressDeadlineSeconds = 600;
        private boolean paused;
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private boolean hasStatus;
        private boolean completeStatus;
        private long observedGeneration = -1;
        private int[] counts = new int[5];
        private final List<DeploymentCondition> conditions = new ArrayList<>();
        private Integer collisionCount;

        private static DeploymentStrategy rolling(Object maxSurge, Object maxUnavailable) {
            return new DeploymentStrategy(DeploymentStrategy.ROLLING_UPDATE,
                    new RollingUpdateDeployment(intOrPercent(maxUnavailable), intOrPercent(maxSurge)));
        }

        public DeploymentBuilder withName(String value) { name = value; return this; }
        public DeploymentBuilder withUid(String value) { uid = value; return this; }
        public DeploymentBuilder withGeneration(long value) { generation = value; return this; }
        public DeploymentBuilder withReplicas(int value) { replicas = value; return this; }
        public DeploymentBuilder withImage(String image) { template = template(image); return this; }
        public DeploymentBuilder withTemplate(PodTemplateSpec value) { template = value; return this; }
        public DeploymentBuilder withMinReadySeconds(int value) { minReadySeconds = value; return this; }
        public DeploymentBuilder withRevisionHistoryLimit(Integer value) { revisionHistoryLimit = value; return this; }
        public DeploymentBuilder withProgressDeadlineSeconds(Integer value) { progressDeadlineSeconds = value; return this; }
        public DeploymentBuilder paused() { paused = true; return this; }
        public DeploymentBuilder withPaused(boolean value) { paused = value; return this; }
        public DeploymentBuilder withAnnotation(String key, String value) { annotations.put(key, value); return this; }
        public DeploymentBuilder withRecreate() { strategy = new DeploymentStrategy(DeploymentStrategy.RECREATE, null); return this; }

        /** RollingUpdate; each value an Integer or a string such as "25%". */
        public DeploymentBuilder withRollingUpdate(Object maxSurge, Object maxUnavailable) {
            strategy = rolling(maxSurge, maxUnavailable);
            return this;
        }

        public DeploymentBuilder withRollingUpdate(IntOrPercent maxSurge, IntOrPercent maxUnavailable) {
            strategy = new DeploymentStrategy(DeploymentStrategy.ROLLING_UPDATE,
                    new RollingUpdateDeployment(maxUnavailable, maxSurge));
            return this;
        }

        /** Stored status counts; observedGeneration = generation unless set; terminatingReplicas 0. */
        public DeploymentBuilder withStatus(int statusReplicas, int updated, int ready, int available, int unavailable) {
            hasStatus = true;
            counts = new int[] {statusReplicas, updated, ready, available, unavailable};
            return this;
        }

        /** A stored status saying the rollout is complete at {@code replicas}, Progressing NewReplicaSetAvailable. */
        public DeploymentBuilder withCompleteStatus() {
            hasStatus = true;
            completeStatus = true;
            return this;
        }

        public DeploymentBuilder withObservedGeneration(long value) { hasStatus = true; observedGeneration = value; return this; }
        public DeploymentBuilder withCollisionCount(Integer value) { hasStatus = true; collisionCount = value; return this; }

        public DeploymentBuilder withCondition(DeploymentCondition value) {
            hasStatus = true;
            conditions.add(value);
            return this;
        }

        public DeploymentBuilder withCondition(String type, String status, String reason, Instant lastUpdate) {
            return withCondition(condition(type, status, reason, lastUpdate, lastUpdate));
        }

        public Deployment build() {
            ObjectMeta meta = ObjectMeta.named(NS, name).withUid(uid).withGeneration(generation)
                    .withCreationTimestamp(ago(86_400)).withAnnotations(annotations);
            DeploymentSpec spec = new DeploymentSpec(replicas, LabelSelector.matching(Map.of("app", NAME)), template,
                    strategy, minReadySeconds, revisionHistoryLimit, paused, progressDeadlineSeconds);
            return Deployment.of(meta, spec).withStatus(hasStatus ? status() : null);
        }

        private DeploymentStatus status() {
            long observed = observedGeneration >= 0 ? observedGeneration : generation;
            List<DeploymentCondition> cs = new ArrayList<>(conditions);
            int[] c = counts;
            if (completeStatus) {
                c = new int[] {replicas, replicas, replicas, replicas, 0};
                if (cs.isEmpty()) {
                    cs.add(condition(WellKnown.DEPLOYMENT_AVAILABLE, "True", "MinimumReplicasAvailable", ago(3600),
                            ago(3600)));
                    cs.add(condition(WellKnown.DEPLOYMENT_PROGRESSING, "True", "NewReplicaSetAvailable", ago(3600),
                            ago(7200)));
                }
            }
            return new DeploymentStatus(observed, c[0], c[1], c[2], c[3], c[4], 0, cs, collisionCount);
        }
    }

    public static final class ReplicaSetBuilder {
        private final String name;
        private String uid;
        private String ownerUid = UID;
        private String hash;
        private Instant created = ago(3600);
        private Instant deletion;
        private long generation;
        private long observedGeneration;
        private PodTemplateSpec template = template("foo:v1");
        private int specReplicas;
        private int[] status;
        private int minReadySeconds;
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final List<ReplicaSetCondition> conditions = new ArrayList<>();

        ReplicaSetBuilder(String name) {
            this.name = name;
            this.uid = "uid-" + name;
            this.hash = name.startsWith(NAME + "-") ? name.substring(NAME.length() + 1) : name;
        }

        public ReplicaSetBuilder withUid(String value) { uid = value; return this; }
        public ReplicaSetBuilder ownedBy(String deploymentUid) { ownerUid = deploymentUid; return this; }
        public ReplicaSetBuilder withHash(String value) { hash = value; return this; }
        public ReplicaSetBuilder createdAt(Instant value) { created = value; return this; }
        public ReplicaSetBuilder createdSecondsAgo(long seconds) { created = ago(seconds); return this; }
        public ReplicaSetBuilder deleting() { deletion = NOW; return this; }
        public ReplicaSetBuilder withGeneration(long gen, long observed) { generation = gen; observedGeneration = observed; return this; }
        public ReplicaSetBuilder withImage(String image) { template = template(image); return this; }
        public ReplicaSetBuilder withTemplate(PodTemplateSpec value) { template = value; return this; }
        public ReplicaSetBuilder withMinReadySeconds(int value) { minReadySeconds = value; return this; }
        public ReplicaSetBuilder withAnnotation(String key, String value) { annotations.put(key, value); return this; }
        public ReplicaSetBuilder withRevision(long revision) {
            return withAnnotation(WellKnown.REVISION_ANNOTATION, Long.toString(revision));
        }

        public ReplicaSetBuilder withRevisionHistory(String value) {
            return withAnnotation(WellKnown.REVISION_HISTORY_ANNOTATION, value);
        }

        /** desired-replicas and max-replicas annotations. */
        public ReplicaSetBuilder withReplicaAnnotations(int desired, int max) {
            withAnnotation(WellKnown.DESIRED_REPLICAS_ANNOTATION, Integer.toString(desired));
            return withAnnotation(WellKnown.MAX_REPLICAS_ANNOTATION, Integer.toString(max));
        }

        public ReplicaSetBuilder withReplicas(int value) { specReplicas = value; return this; }

        /** status.replicas, readyReplicas, availableReplicas. */
        public ReplicaSetBuilder withStatus(int replicas, int ready, int available) {
            status = new int[] {replicas, ready, available};
            return this;
        }

        /** Every pod of the spec exists, is ready and available. */
        public ReplicaSetBuilder healthy() { return withStatus(specReplicas, specReplicas, specReplicas); }

        public ReplicaSetBuilder withFailure(String reason, String message) {
            conditions.add(new ReplicaSetCondition(WellKnown.DEPLOYMENT_REPLICA_FAILURE, "True", ago(60), reason,
                    message));
            return this;
        }

        public ReplicaSet build() {
            Map<String, String> labels = new LinkedHashMap<>(template.metadata().labels() == null
                    ? Map.of() : template.metadata().labels());
            labels.put(WellKnown.POD_TEMPLATE_HASH_LABEL, hash);
            PodTemplateSpec rsTemplate = template.withMetadata(template.metadata().withLabels(labels));
            ObjectMeta meta = ObjectMeta.named(NS, name).withUid(uid).withCreationTimestamp(created)
                    .withDeletionTimestamp(deletion).withGeneration(generation == 0 ? null : generation)
                    .withLabels(labels).withAnnotations(annotations)
                    .withOwnerReferences(ownerUid == null ? null : List.of(new OwnerReference(Deployment.API_VERSION,
                            Deployment.KIND, NAME, ownerUid, true, true)));
            LabelSelector selector = LabelSelector.matching(Map.of("app", NAME))
                    .withMatchLabel(WellKnown.POD_TEMPLATE_HASH_LABEL, hash);
            ReplicaSetSpec spec = new ReplicaSetSpec(specReplicas, minReadySeconds, selector, rsTemplate);
            int[] s = status == null ? new int[3] : status;
            return ReplicaSet.of(meta, spec).withStatus(new ReplicaSetStatus(s[0], null, s[1], s[2], null,
                    observedGeneration, conditions));
        }
    }
}
