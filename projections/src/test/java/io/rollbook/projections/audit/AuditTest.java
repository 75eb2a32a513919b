package io.rollbook.projections.audit;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.fixtures.Frontend;
import io.rollbook.projections.fixtures.NginxScenario;
import io.rollbook.projections.fixtures.Stores;
import io.rollbook.projections.objects.Subjects;
import io.rollbook.projections.text.OutputFormat;
import io.rollbook.projections.text.Printed;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.rollbook.projections.fixtures.NginxScenario.RS_2;
import static org.assertj.core.api.Assertions.assertThat;

class AuditTest {

    final List<EventEnvelope> walkthrough = NginxScenario.full().events();
    final List<EventEnvelope> bare = Frontend.applied(Instant.parse("2026-11-26T11:00:00Z")).events();
    final ProjectionStore store = Stores.of(withBare());

    @Test
    void listsEverythingOldestFirst() {
        List<AuditEntry> all = store.audit(AuditQuery.all());

        assertThat(all).hasSize(walkthrough.size() + bare.size());
        assertThat(all.get(0).envelope()).isEqualTo(walkthrough.get(0));
        assertThat(all).extracting(a -> a.envelope().time()).isSorted();
    }

    @Test
    void filtersByObject() {
        assertThat(store.audit(AuditQuery.of(ObjectRef.deployment("default", NginxScenario.NAME))))
                .hasSize(walkthrough.size());
        List<AuditEntry> rs2 = store.audit(AuditQuery.of(ObjectRef.replicaSet("default", RS_2)));
        assertThat(rs2).extracting(a -> a.envelope().type()).startsWith("ReplicaSetCreated", "PodCreated")
                .endsWith("ReplicaSetDeleted").contains("ReplicaSetScaled", "PodReady", "PodDeleted");
        assertThat(rs2).allSatisfy(a -> assertThat(Subjects.replicaSetOf(a.envelope().data())).isEqualTo(RS_2));
        String pod = NginxScenario.pod(RS_2, 0);
        assertThat(store.audit(AuditQuery.of(new ObjectRef(Subjects.POD, "default", pod))))
                .extracting(a -> a.envelope().type())
                .containsExactly("PodCreated", "PodStarted", "PodReady", "PodTerminating", "PodDeleted");
        assertThat(store.audit(AuditQuery.of(Frontend.FRONTEND))).extracting(AuditEntry::envelope)
                .containsExactlyElementsOf(bare);
        assertThat(store.audit(new AuditQuery(null, "shop", null))).hasSize(bare.size());
        assertThat(store.audit(AuditQuery.of(ObjectRef.deployment("shop", NginxScenario.NAME)))).isEmpty();
    }

    @Test
    void filtersBySince() {
        Instant since = Instant.parse("2026-11-26T10:05:16Z");
        List<AuditEntry> tail = store.audit(AuditQuery.of(ObjectRef.deployment("default", NginxScenario.NAME))
                .since(since));

        assertThat(tail).isNotEmpty().allSatisfy(a -> assertThat(a.envelope().time()).isAfterOrEqualTo(since));
        assertThat(tail).extracting(a -> a.envelope().type())
                .containsExactly("PodDeleted", "ReplicaSetStatusChanged", "DeploymentStatusChanged",
                        "PodDeleted", "ReplicaSetStatusChanged", "DeploymentStatusChanged");
    }

    @Test
    void tableShowsWhoAndWhy() {
        String table = AuditRenderer.render(store.audit(AuditQuery.of(ObjectRef.replicaSet("default", RS_2))),
                OutputFormat.TABLE).stdout();

        assertThat(table.lines().toList().subList(0, 3)).containsExactly(
                "TIME                   OBJECT                                       EVENT                     ACTOR  "
                        + "   COMMAND           CHANGE-CAUSE                                                                     OUTCOME",
                "2026-11-26T10:01:00Z   replicaset.apps/nginx-deployment-fb9687447   ReplicaSetCreated         bob    "
                        + "   c-set-image-1     " + NginxScenario.CAUSE_2 + "   <none>",
                "2026-11-26T10:01:00Z   pod/nginx-deployment-fb9687447-qs5jn         PodCreated                bob    "
                        + "   c-set-image-1     " + NginxScenario.CAUSE_2 + "   <none>");
        // After the undo, the Deployment has no change-cause any more (revision 1 had none).
        assertThat(table).contains("ReplicaSetScaled          kubelet   r-17-ready        <none>");
        assertThat(AuditRenderer.render(List.of(), OutputFormat.TABLE))
                .isEqualTo(new Printed("", "No events found.\n", 0));
    }

    @Test
    void jsonlIsTheWireFormatOnePerLine() {
        List<AuditEntry> entries = store.audit(AuditQuery.all());
        String jsonl = AuditRenderer.render(entries, OutputFormat.JSONL).stdout();

        List<String> lines = jsonl.lines().toList();
        assertThat(lines).hasSize(entries.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).isEqualTo(new String(Events.encode(entries.get(i).envelope()),
                    StandardCharsets.UTF_8));
            assertThat(Events.decode(lines.get(i).getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(entries.get(i).envelope());
        }
        assertThat(jsonl).endsWith("\n");
        assertThat(AuditRenderer.render(entries.subList(0, 2), OutputFormat.JSON).stdout())
                .startsWith("[\n{\"type\":\"DeploymentApplied\"").endsWith("}\n]\n");
    }

    private List<EventEnvelope> withBare() {
        List<EventEnvelope> all = new ArrayList<>(walkthrough);
        all.addAll(bare);
        return all;
    }
}
