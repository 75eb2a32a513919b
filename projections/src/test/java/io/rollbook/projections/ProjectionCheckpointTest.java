package io.rollbook.projections;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.Delete;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.audit.AuditQuery;
import io.rollbook.projections.fixtures.EngineLog;
import io.rollbook.projections.fixtures.Frontend;
import io.rollbook.projections.fixtures.NginxScenario;
import io.rollbook.projections.replay.ReplayPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.rollbook.projections.fixtures.NginxScenario.NAME;
import static io.rollbook.projections.fixtures.NginxScenario.NGINX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A checkpoint and the tail after it fold to the same read model as the whole log, at every cut. */
class ProjectionCheckpointTest {

    static final ObjectRef SHOP = ObjectRef.namespace("shop");
    final List<EventEnvelope> log = log();
    final ListedHistory history = new ListedHistory(log);

    @Test
    void checkpointAtEveryCutThenTheTailFoldsToTheWholeLogsReadModel() {
        ProjectionStore whole = fold(new ProjectionStore(history), 0, log.size());
        byte[] expected = whole.checkpoint();
        for (int cut = 0; cut <= log.size(); cut++) {
            ProjectionStore before = fold(new ProjectionStore(history), 0, cut);
            ProjectionStore restarted = new ProjectionStore(history);
            Map<Integer, Long> covered = restarted.load(before.checkpoint());
            assertThat(covered).isEqualTo(cut == 0 ? Map.of() : Map.of(0, (long) cut - 1));
            fold(restarted, cut, log.size());

            assertThat(body(restarted.checkpoint())).as("cut at %d", cut).isEqualTo(body(expected));
            assertThat(restarted.position()).isEqualTo(whole.position());
            assertThat(restarted.deployments(null)).isEqualTo(whole.deployments(null));
            assertThat(restarted.replicaSets(null)).isEqualTo(whole.replicaSets(null));
            assertThat(restarted.pods(null)).isEqualTo(whole.pods(null));
            assertThat(restarted.namespaces()).isEqualTo(whole.namespaces());
            assertThat(restarted.revisions("default", NAME)).isEqualTo(whole.revisions("default", NAME));
            assertThat(restarted.retained(NGINX)).isEqualTo(whole.retained(NGINX));
            assertThat(restarted.workload(NGINX)).isEqualTo(whole.workload(NGINX));
        }
        assertThat(new ProjectionStore(history).load(expected)).isEqualTo(Map.of(0, (long) log.size() - 1));
    }

    @Test
    void aStoreRestoredFromACheckpointAuditsAndReplaysFromTheLog() {
        ProjectionStore whole = fold(new ProjectionStore(history), 0, log.size());
        ProjectionStore restarted = new ProjectionStore(history);
        restarted.load(whole.checkpoint());

        assertThat(restarted.audit(AuditQuery.all())).isEqualTo(whole.audit(AuditQuery.all()));
        assertThat(restarted.replay(NGINX, new ReplayPoint.ToRevision(2)))
                .isEqualTo(whole.replay(NGINX, new ReplayPoint.ToRevision(2)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"flipped byte", "truncated", "unknown version", "not a checkpoint", "empty"})
    void aCorruptOrUnknownCheckpointIsRefusedAndTheStoreUnchanged(String damage) {
        byte[] good = fold(new ProjectionStore(history), 0, log.size()).checkpoint();
        byte[] bad = switch (damage) {
            case "flipped byte" -> flip(good, good.length - 10);
            case "truncated" -> Arrays.copyOf(good, good.length / 2);
            case "unknown version" -> new String(good, StandardCharsets.UTF_8)
                    .replaceFirst(ProjectionCheckpoint.MAGIC + " 1 ", ProjectionCheckpoint.MAGIC + " 99 ")
                    .getBytes(StandardCharsets.UTF_8);
            case "not a checkpoint" -> "{\"offsets\":{}}".getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
        ProjectionStore store = fold(new ProjectionStore(history), 0, 5);
        byte[] before = store.checkpoint();

        assertThatThrownBy(() -> store.load(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(switch (damage) {
                    case "flipped byte" -> "checksum";
                    case "truncated" -> "bytes long";
                    case "unknown version" -> "version 99 is unknown";
                    default -> "not a projections checkpoint";
                });
        assertThat(store.checkpoint()).isEqualTo(before);
    }

    /** The checkpoint's JSON as a tree: the same read model, whatever order a map's keys were written in. */
    private static JsonNode body(byte[] checkpoint) {
        String text = new String(checkpoint, StandardCharsets.UTF_8);
        try {
            return Codec.json().readTree(text.substring(text.indexOf('\n') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] out = bytes.clone();
        out[at] ^= 0x20;
        return out;
    }

    private ProjectionStore fold(ProjectionStore store, int from, int to) {
        for (int i = from; i < to; i++) {
            store.apply(log.get(i), 0, i);
        }
        return store;
    }

    /** The walkthrough, a bare ReplicaSet and a Namespace in the middle, and a Deployment applied and deleted. */
    private static List<EventEnvelope> log() {
        List<EventEnvelope> all = new ArrayList<>(NginxScenario.full().events());
        all.addAll(10, Frontend.applied(NginxScenario.T0).events());
        all.addAll(20, new EngineLog(SHOP, NginxScenario.T0).send("c-ns", "alice",
                new Apply(Namespace.of("shop", Map.of("team", "shop")))).events());
        EngineLog web = new EngineLog(ReadModelBoundsTest.WEB, NginxScenario.T0.plusSeconds(400));
        web.send("c-web", "alice", new Apply(ReadModelBoundsTest.manifest())).kubeletSettles()
                .at(NginxScenario.T0.plusSeconds(500)).send("c-web-delete", "bob", new Delete());
        all.addAll(web.events());
        return all;
    }
}
