package io.rollbook.api.state;

import io.rollbook.api.event.DeploymentAnnotated;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.DeploymentStatusChanged;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodFailed;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.event.PodStarted;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.event.ReplicaSetAnnotated;
import io.rollbook.api.event.ReplicaSetApplied;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetScaled;
import io.rollbook.api.event.WakeUpScheduled;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetSpec;
import io.rollbook.api.value.ObjectRef;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one fold of a workload's events. The tests named for a behaviour of a log "written by any
 * version" pin the five places where the engine's fold and the projections' fold once differed.
 */
class WorkloadStateTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final String WEB = "shop/web";

    static ReplicaSet rs(String name, String namespace) {
        return ReplicaSet.of(ObjectMeta.named(namespace, name).withUid("uid-" + name)
                        .withAnnotations(Map.of("deployment.kubernetes.io/revision", "1")),
                new ReplicaSetSpec(3, null, null, new PodTemplateSpec(
                        ObjectMeta.named(null, null).withLabels(Map.of("app", "web")),
                        PodSpec.of(Container.of("web", "nginx:1.21")))));
    }

    static Deployment deployment(String namespace) {
        return Deployment.of(ObjectMeta.named(namespace, "web").withGeneration(1L), DeploymentSpec.EMPTY);
    }

    /** One envelope as a log written by an older version might hold it. */
    static EventEnvelope logged(String json) {
        return Events.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void podsOfAReplicaSetFollowEveryChangeInCreationOrder() {
        WorkloadState s = new WorkloadState(WEB);
        s.apply(new PodCreated("old-a", "old", null), T0);
        s.apply(new PodCreated("new-a", "new", null), T0);
        s.apply(new PodCreated("old-b", "old", null), T0);
        s.apply(new PodStarted("old-a", "old", "node-1", null, null), T0.plusSeconds(1));
        s.apply(new PodReady("old-a", "old", "node-1"), T0.plusSeconds(2));
        s.apply(new PodTerminating("old-b", "old", "node-2"), T0.plusSeconds(3));

        assertThat(s.podsOf("old")).extracting(PodState::name).containsExactly("old-a", "old-b");
        assertThat(s.podsOf("old").get(0).ready()).isTrue();
        assertThat(s.podsOf("old").get(1).terminating()).isTrue();
        assertThat(s.podsOf("new")).extracting(PodState::name).containsExactly("new-a");
        assertThat(s.podsOf("none")).isEmpty();

        s.apply(new PodDeleted("old-a", "old", "node-1"), T0.plusSeconds(4));
        s.apply(new PodDeleted("old-b", "old", "node-2"), T0.plusSeconds(4));

        assertThat(s.podsOf("old")).isEmpty();
        assertThat(s.pods()).extracting(PodState::name).containsExactly("new-a");
    }

    @Test
    void aCopyChangesIndependentlyOfItsSource() {
        WorkloadState s = new WorkloadState(WEB);
        s.apply(new PodCreated("web-a", "web", null), T0);
        WorkloadState copy = s.copy();

        copy.apply(new PodCreated("web-b", "web", null), T0);
        copy.apply(new PodDeleted("web-a", "web", null), T0);
        copy.apply(new WakeUpScheduled(T0.plusSeconds(60)), T0);

        assertThat(s.podsOf("web")).extracting(PodState::name).containsExactly("web-a");
        assertThat(s.nextPodOrdinal("web")).isEqualTo(1);
        assertThat(s.wakeUpAt()).isNull();
        assertThat(copy.podsOf("web")).extracting(PodState::name).containsExactly("web-b");
        assertThat(copy.nextPodOrdinal("web")).isEqualTo(2);
        assertThat(copy.object()).isEqualTo(ObjectRef.deployment("shop", "web"));
    }

    /** Difference 1 (null guards): the engine's fold threw on these, the projections' skipped them. */
    @Test
    void annotationsAndStatusOfADeploymentNotThereChangeNothing() {
        WorkloadState s = new WorkloadState(WEB);
        s.apply(new DeploymentAnnotated(Map.of("deployment.kubernetes.io/revision", "1")), T0);
        s.apply(new DeploymentStatusChanged(DeploymentStatus.EMPTY), T0);
        s.apply(new DeploymentApplied(null, "created"), T0);
        s.apply(new ReplicaSetCreated(null, 1), T0);
        s.apply(new ReplicaSetApplied(null, "created"), T0);

        assertThat(s.deployment()).isNull();
        assertThat(s.replicaSets()).isEmpty();
    }

    /** Difference 2 (computeIfPresent): the engine's fold threw on a ReplicaSet it never saw. */
    @Test
    void scalingOrAnnotatingAReplicaSetNeverSeenChangesNothing() {
        WorkloadState s = new WorkloadState(WEB);
        s.apply(new ReplicaSetCreated(rs("web-1", "shop"), 1), T0);
        s.apply(new ReplicaSetScaled("web-0", 1, 2, Map.of()), T0);
        s.apply(new ReplicaSetAnnotated("web-0", Map.of("a", "b"), 5), T0);

        assertThat(s.replicaSets()).containsExactly(rs("web-1", "shop"));
        assertThat(s.replicaSet("web-0")).isNull();
    }

    /** Difference 3 (namespace defaulting): the projections' fold filled it in, the engine's left null. */
    @Test
    void objectsLoggedWithoutANamespaceAreInTheAggregatesNamespace() {
        WorkloadState s = new WorkloadState(WEB);
        s.apply(new DeploymentApplied(deployment(null), "created"), T0);
        s.apply(new ReplicaSetCreated(rs("web-1", null), 1), T0);
        WorkloadState bare = new WorkloadState("shop/replicasets/front");
        bare.apply(new ReplicaSetApplied(rs("front", null), "created"), T0);
        bare.apply(new ReplicaSetApplied(rs("front", "shop").withSpec(rs("front", "shop").spec().withReplicas(5)),
                "scaled"), T0);

        assertThat(s.deployment().metadata().namespace()).isEqualTo("shop");
        assertThat(s.replicaSet("web-1").metadata().namespace()).isEqualTo("shop");
        assertThat(bare.replicaSet("front").metadata().namespace()).isEqualTo("shop");
        assertThat(bare.replicaSet("front").specReplicas()).isEqualTo(5);
        WorkloadState named = new WorkloadState(WEB);
        named.apply(new DeploymentApplied(deployment("other"), "created"), T0);
        assertThat(named.deployment().metadata().namespace()).as("a namespace the log names stands")
                .isEqualTo("other");
    }

    /** Difference 4 (PodFailed.reason): the engine's fold dropped it. */
    @Test
    void podFailedKeepsTheReasonTheKubeletGave() {
        WorkloadState s = new WorkloadState(WEB);
        s.apply(new PodCreated("web-1-a", "web-1", null), T0);
        s.apply(new PodReady("web-1-a", "web-1", "node-1"), T0.plusSeconds(1));
        s.apply(new PodFailed("web-1-a", "web-1", "node-1", "CrashLoopBackOff"), T0.plusSeconds(2));

        PodState pod = s.pod("web-1-a");
        assertThat(pod.phase()).isEqualTo("Failed");
        assertThat(pod.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(pod.ready()).isFalse();
        assertThat(s.podsOf("web-1")).containsExactly(pod);
    }

    /** Difference 5 (null maps): the engine's fold threw on an event logged without its annotations. */
    @Test
    void eventsLoggedWithoutAnnotationsLeaveTheAnnotationsAsTheyWere() {
        WorkloadState s = new WorkloadState(WEB);
        s.apply(new DeploymentApplied(deployment("shop").withMetadata(deployment("shop").metadata()
                .withAnnotations(Map.of("kubernetes.io/change-cause", "first"))), "created"), T0);
        s.apply(new ReplicaSetCreated(rs("web-1", "shop"), 1), T0);
        for (String json : new String[] {
                "{\"type\":\"DeploymentAnnotated\",\"aggregate\":\"shop/web\",\"data\":{}}",
                "{\"type\":\"ReplicaSetScaled\",\"aggregate\":\"shop/web\",\"data\":"
                        + "{\"replicaSet\":\"web-1\",\"from\":3,\"to\":4}}",
                "{\"type\":\"ReplicaSetAnnotated\",\"aggregate\":\"shop/web\",\"data\":{\"replicaSet\":\"web-1\"}}"}) {
            EventEnvelope e = logged(json);
            s.apply(e.data(), e.time());
        }

        assertThat(s.deployment().metadata().annotations()).containsExactly(
                Map.entry("kubernetes.io/change-cause", "first"));
        ReplicaSet scaled = s.replicaSet("web-1");
        assertThat(scaled.specReplicas()).isEqualTo(4);
        assertThat(scaled.metadata().annotations()).containsExactly(Map.entry("deployment.kubernetes.io/revision", "1"));
    }

    /** Not one of the five, found with them: the engine's fold set the node of a start without one to null. */
    @Test
    void podEventsWithoutANodeKeepTheNodeTheLogToldBefore() {
        WorkloadState s = new WorkloadState(WEB);
        s.apply(new PodCreated("web-1-a", "web-1", null), T0);
        s.apply(new PodStarted("web-1-a", "web-1", "node-2"), T0.plusSeconds(1));
        s.apply(new PodReady("web-1-a", "web-1", null), T0.plusSeconds(2));

        assertThat(s.pod("web-1-a").node()).isEqualTo("node-2");
        s.apply(new PodStarted("web-1-b", "web-1", null), T0);
        assertThat(s.pod("web-1-b")).as("a pod never created stays unknown").isNull();
    }

    /** What the projections print of a pod comes from the fold: its template, uid and start time. */
    @Test
    void aPodKeepsItsReplicaSetsTemplateAndUidFromItsCreation() {
        WorkloadState s = new WorkloadState(WEB);
        s.apply(new ReplicaSetCreated(rs("web-1", "shop"), 1), T0);
        s.apply(new PodCreated("web-1-a", "web-1", null), T0);
        s.apply(new PodCreated("orphan", "web-0", null), T0);
        s.apply(new PodReady("web-1-a", "web-1", "node-1"), T0.plusSeconds(3)); // no PodStarted before it

        PodState pod = s.pod("web-1-a");
        assertThat(pod.ownerUid()).isEqualTo("uid-web-1");
        assertThat(pod.template()).isEqualTo(rs("web-1", "shop").spec().template());
        assertThat(pod.createdAt()).isEqualTo(T0);
        assertThat(pod.startedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(pod.readySince()).isEqualTo(T0.plusSeconds(3));
        assertThat(s.pod("orphan").template()).isNull();
    }

    @Test
    void aPodCreatedTwiceIsIndexedUnderItsLastReplicaSetOnly() {
        WorkloadState s = new WorkloadState(WEB);
        s.apply(new PodCreated("p", "web-1", null), T0);
        s.apply(new PodCreated("p", "web-2", null), T0);
        s.apply(new PodReady("p", "web-2", "node-1"), T0);

        assertThat(s.podsOf("web-1")).isEmpty();
        assertThat(s.podsOf("web-2")).extracting(PodState::ready).containsExactly(true);
        s.apply(new PodDeleted("p", "web-2", "node-1"), T0);
        assertThat(s.pods()).isEmpty();
    }

    /**
     * Rolled back and forth between two images: two ReplicaSets, each reused under a new revision
     * (1, 2, then a is 3 and b is 4), and history cleanup deleting a third. The engine forgets the
     * outcomes no ReplicaSet carries any more; a fold that does not call it keeps them all.
     */
    @Test
    void theOutcomesOfRevisionsNoReplicaSetCarriesAreForgottenOnlyWhenAsked() {
        WorkloadState s = new WorkloadState(WEB);
        s.apply(new DeploymentApplied(deployment("shop"), "created"), T0);
        s.apply(new ReplicaSetCreated(rsAt("web-a", 1), 1), T0);
        s.apply(revision(1), T0);
        s.apply(new ReplicaSetCreated(rsAt("web-b", 2), 2), T0.plusSeconds(1));
        s.apply(revision(2), T0.plusSeconds(1));
        s.apply(new ReplicaSetAnnotated("web-a", Map.of("deployment.kubernetes.io/revision", "3"), null),
                T0.plusSeconds(2));
        s.apply(revision(3), T0.plusSeconds(2));
        s.apply(new ReplicaSetCreated(rsAt("web-c", 4), 4), T0.plusSeconds(3));
        s.apply(revision(4), T0.plusSeconds(3));
        s.apply(new io.rollbook.api.event.ReplicaSetDeleted("web-b"), T0.plusSeconds(4)); // history cleanup
        WorkloadState projections = s.copy();

        s.forgetRevisionsGone();

        assertThat(s.revisionOutcomes().keySet()).containsExactlyInAnyOrder(3L, 4L);
        assertThat(s.revisionOutcome(3).outcome()).isEqualTo(RevisionOutcome.SUPERSEDED);
        assertThat(projections.revisionOutcomes().keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    }

    private static ReplicaSet rsAt(String name, long revision) {
        ReplicaSet r = rs(name, "shop");
        return r.withMetadata(r.metadata().withAnnotations(Map.of("deployment.kubernetes.io/revision",
                String.valueOf(revision))));
    }

    private static DeploymentAnnotated revision(long n) {
        return new DeploymentAnnotated(Map.of("deployment.kubernetes.io/revision", String.valueOf(n)));
    }
}
