package io.rollbook.projections.objects;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.LabelSelectorRequirement;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetStatus;
import io.rollbook.api.state.PodState;
import io.rollbook.projections.fixtures.Manifests;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectTablesTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void deploymentsShowReadyOfDesiredUpToDateAvailableAndAge() {
        Deployment d = Manifests.deployment("nginx-deployment", "nginx:1.14.2", 10, T0)
                .withStatus(new DeploymentStatus(1, 3, 2, 2, 1, 2, 0, null, null));

        assertThat(ObjectTables.deployments(List.of(d), T0.plusSeconds(182), false)).isEqualTo("""
                NAME               READY   UP-TO-DATE   AVAILABLE   AGE
                nginx-deployment   2/3     2            1           3m2s
                """);
        assertThat(ObjectTables.deployments(List.of(d), T0.plusSeconds(95), true)).isEqualTo("""
                NAME               READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR
                nginx-deployment   2/3     2            1           95s   nginx        nginx:1.14.2   app=nginx
                """);
    }

    @Test
    void replicaSetsShowDesiredCurrentReadyAndTheHashInTheirSelector() {
        Deployment d = Manifests.deployment("nginx-deployment", "nginx:1.14.2", 10, T0);
        ReplicaSet rs = Manifests.replicaSet(d, "5d59d67564", 3, 1, T0)
                .withStatus(new ReplicaSetStatus(2, 2, 1, 1, 0, 1, null));

        assertThat(ObjectTables.replicaSets(List.of(rs), T0.plusSeconds(3 * 3600 + 7 * 60), false)).isEqualTo("""
                NAME                          DESIRED   CURRENT   READY   AGE
                nginx-deployment-5d59d67564   3         2         1       3h7m
                """);
        assertThat(ObjectTables.replicaSets(List.of(rs), T0.plusSeconds(30 * 3600), true)).isEqualTo("""
                NAME                          DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES         SELECTOR
                nginx-deployment-5d59d67564   3         2         1       30h   nginx        nginx:1.14.2   \
                app=nginx,pod-template-hash=5d59d67564
                """);
    }

    @Test
    void aPodRestartedInPlaceShowsItsContainersRestartCountAndWaitingReason() {
        ReplicaSet rs = Manifests.replicaSet(Manifests.deployment("web", "nginx:fail", 10, T0), "abc", 3, 1, T0);
        PodState crashing = PodState.created("web-abc-1", rs.name(), rs, null, T0)
                .started("node-1", T0.plusSeconds(1), "10.244.0.2", null).crashed(null, "CrashLoopBackOff")
                .restarted(null).crashed(null, "CrashLoopBackOff");
        String status = Codec.toJson(PodView.of(crashing, "default").toPod().status());
        assertThat(status).as("started with an address: Running").startsWith("{\"phase\":\"Running\"");
        assertThat(status).contains("\"containerStatuses\":[{\"name\":\"nginx\",\"image\":\"nginx:fail\",\"ready\":false,"
                + "\"restartCount\":1,\"started\":false,\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}]");
        assertThat(Codec.toJson(PodView.of(crashing.restarted(null), "default").toPod().status()))
                .contains("\"restartCount\":2,\"started\":true,\"state\":{\"running\":{\"startedAt\":\"2026-11-26T10:00:01Z\"}}");
    }

    @Test
    void podsShowKubectlStatuses() {
        ReplicaSet rs = Manifests.replicaSet(Manifests.deployment("web", "nginx:1.21", 10, T0), "abc", 3, 1, T0);
        PodState creating = PodState.created("web-abc-1", rs.name(), rs, null, T0);
        PodState running = creating.started("node-1", T0.plusSeconds(1), null, null)
                .becameReady("node-1", T0.plusSeconds(2));
        PodState notReady = PodState.created("web-abc-3", rs.name(), rs, null, T0).started("node-2", T0, null, null);
        PodState terminating = running.terminatingAt(T0.plusSeconds(5));
        PodState crashing = notReady.crashed(null, "CrashLoopBackOff").restarted(null).crashed(null, "CrashLoopBackOff")
                .restarted(null).crashed(null, "CrashLoopBackOff"); // restarted in place twice, waiting again
        PodState error = notReady.failed(null, null);
        List<PodView> pods = List.of(view(creating), rename(running, "web-abc-2"), view(notReady),
                rename(terminating, "web-abc-4"), rename(crashing, "web-abc-5"), rename(error, "web-abc-6"));

        assertThat(ObjectTables.pods(pods, T0.plusSeconds(5 * 86400 + 3 * 3600), false)).isEqualTo("""
                NAME        READY   STATUS              RESTARTS   AGE
                web-abc-1   0/1     ContainerCreating   0          5d3h
                web-abc-2   1/1     Running             0          5d3h
                web-abc-3   0/1     Running             0          5d3h
                web-abc-4   0/1     Terminating         0          5d3h
                web-abc-5   0/1     CrashLoopBackOff    2          5d3h
                web-abc-6   0/1     Error               0          5d3h
                """);
        assertThat(ObjectTables.pods(List.of(view(creating), rename(running, "web-abc-2")), T0.plusSeconds(45 * 60),
                true))
                .isEqualTo("""
                        NAME        READY   STATUS              RESTARTS   AGE   IP       NODE     NOMINATED NODE   \
                        READINESS GATES
                        web-abc-1   0/1     ContainerCreating   0          45m   <none>   <none>   <none>           <none>
                        web-abc-2   1/1     Running             0          45m   <none>   node-1   <none>           <none>
                        """);
    }

    @Test
    void selectorsFormatLikeMetav1() {
        LabelSelector selector = new LabelSelector(Map.of("tier", "web", "app", "nginx"), List.of(
                new LabelSelectorRequirement("env", "In", List.of("prod", "dev")),
                new LabelSelectorRequirement("zz", "DoesNotExist", null),
                new LabelSelectorRequirement("canary", "Exists", null),
                new LabelSelectorRequirement("region", "NotIn", List.of("eu"))));

        assertThat(Selectors.format(selector))
                .isEqualTo("app=nginx,canary,env in (dev,prod),region notin (eu),tier=web,!zz");
        assertThat(Selectors.format(null)).isEqualTo("<none>");
        assertThat(Selectors.format(new LabelSelector(null, null))).isEqualTo("<none>");
    }

    @Test
    void emptyListsAndMissingObjectsReadAsKubectlSaysThem() {
        assertThat(ObjectTables.noResources("default")).isEqualTo("No resources found in default namespace.");
        assertThat(ObjectTables.notFound("deployments.apps", "x"))
                .isEqualTo("Error from server (NotFound): deployments.apps \"x\" not found");
    }

    private static PodView view(PodState p) {
        return PodView.of(p, "default");
    }

    private static PodView rename(PodState p, String name) {
        return view(new PodState(name, p.replicaSet(), p.ownerUid(), p.template(), p.node(), p.phase(), p.reason(),
                p.createdAt(), p.startedAt(), p.readySince(), p.deletionTimestamp(), p.ip(), p.networks(), p.restartCount(), p.waiting()));
    }
}
