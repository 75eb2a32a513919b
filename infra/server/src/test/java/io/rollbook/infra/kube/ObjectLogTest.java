package io.rollbook.infra.kube;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.infra.kube.ObjectLog.Change;
import io.rollbook.projections.ProjectionStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Watch resume: changes after a resourceVersion are replayed in order; a version older than the history is 410. */
class ObjectLogTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    final ProjectionStore store = new ProjectionStore();
    long offset;

    static Deployment deployment(String name, int replicas) {
        Deployment d = (Deployment) Manifests.parse("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name
                + "\n  namespace: default\n  uid: u-" + name + "\n  generation: 1\n  creationTimestamp: "
                + T0 + "\nspec:\n  replicas: " + replicas + "\n  selector:\n    matchLabels: {app: " + name
                + "}\n  template:\n    metadata:\n      labels: {app: " + name + "}\n    spec:\n      containers:\n"
                + "      - {name: c, image: nginx}\n").get(0);
        return d;
    }

    void emit(String name, RollbookEvent e) {
        store.apply(EventEnvelope.of("default/" + name, store.log(io.rollbook.api.value.ObjectRef.deployment("default",
                name)).size(), T0, "c" + offset, "test", e), 0, offset++);
    }

    @Test
    void watchFromAListResumesWithEveryLaterChange() {
        ObjectLog log = new ObjectLog(store, 100);
        emit("web", new DeploymentApplied(deployment("web", 3), "created"));
        var filter = Filters.of(Resource.DEPLOYMENTS, "default", null, null);
        ObjectLog.View listed = log.list(filter);
        assertThat(listed.objects()).hasSize(1);
        String rv = listed.objects().get(0).getValue().at("/metadata/resourceVersion").asText();
        assertThat(Long.parseLong(rv)).isLessThanOrEqualTo(listed.position());

        emit("web", new DeploymentApplied(deployment("web", 5), "scaled"));
        emit("api", new DeploymentApplied(deployment("api", 1), "created"));
        log.sync();
        emit("web", new DeploymentApplied(deployment("web", 7), "scaled"));

        List<Change> changes = log.since(listed.position(), filter);
        // one reading saw web scaled and api added (same position, by name); the next saw web scaled again
        assertThat(changes).extracting(c -> c.type() + " " + c.key().name())
                .containsExactly("ADDED api", "MODIFIED web", "MODIFIED web");
        assertThat(changes.get(2).object().at("/spec/replicas").asInt()).isEqualTo(7);
        long middle = changes.get(1).position();
        assertThat(log.since(middle, filter)).extracting(c -> c.object().at("/spec/replicas").asInt())
                .containsExactly(7); // resumed from the middle: only what came after
        assertThat(log.since(middle, Filters.of(Resource.DEPLOYMENTS, "default", null, "metadata.name=api")))
                .isEmpty();
    }

    @Test
    void deletionIsAWatchEventAndOldVersionsExpire() {
        ObjectLog log = new ObjectLog(store, 2);
        emit("web", new DeploymentApplied(deployment("web", 3), "created"));
        long start = log.sync();
        emit("web", new DeploymentApplied(deployment("web", 4), "scaled"));
        log.sync();
        emit("web", new DeploymentApplied(deployment("web", 5), "scaled"));
        log.sync();
        emit("web", new DeploymentDeleted("web"));
        List<Change> tail = log.since(start + 1, Filters.of(Resource.DEPLOYMENTS, null, null, null));
        assertThat(tail).extracting(Change::type).endsWith("DELETED");
        assertThatThrownBy(() -> log.since(start, Filters.of(Resource.DEPLOYMENTS, null, null, null)))
                .isInstanceOf(KubeStatus.class).extracting(e -> ((KubeStatus) e).code()).isEqualTo(410);
    }
}
