package io.rollbook.projections.history;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.fixtures.NginxScenario;
import io.rollbook.projections.fixtures.Stores;
import io.rollbook.projections.text.Printed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.rollbook.projections.fixtures.NginxScenario.NAME;
import static org.assertj.core.api.Assertions.assertThat;

class RolloutHistoryTest {

    final ProjectionStore store = Stores.of(NginxScenario.full().events());
    final Deployment deployment = store.deployment("default", NAME).orElseThrow();
    final List<ReplicaSet> replicaSets = store.replicaSetsOf("default", NAME);

    @Test
    void listsTheLiveReplicaSetsByRevisionWithTheirChangeCause() {
        // Revision 1 was renumbered to 3 by the undo, revision 2's ReplicaSet was cleaned up (limit 1).
        assertThat(RolloutHistory.render(deployment, replicaSets, 0)).isEqualTo(Printed.out("""
                deployment.apps/nginx-deployment\s
                REVISION  CHANGE-CAUSE
                3         <none>
                4         kubectl set image deployment/nginx-deployment nginx=nginx:1.21 --record=true

                """));
    }

    @Test
    void describesTheTemplateOfOneRevision() {
        assertThat(RolloutHistory.render(deployment, replicaSets, 4).stdout()).isEqualTo("""
                deployment.apps/nginx-deployment with revision #4
                Pod Template:
                  Labels:\tapp=nginx
                \tpod-template-hash=db6967b8b
                  Annotations:\tkubernetes.io/change-cause: kubectl set image deployment/nginx-deployment \
                nginx=nginx:1.21 --record=true
                  Containers:
                   nginx:
                    Image:\tnginx:1.21
                    Port:\t80/TCP
                    Host Port:\t0/TCP
                    Environment:\t<none>
                    Mounts:\t<none>
                  Volumes:\t<none>
                  Node-Selectors:\t<none>
                  Tolerations:\t<none>

                """);
        assertThat(RolloutHistory.render(deployment, replicaSets, 3).stdout()).contains("""
                Pod Template:
                  Labels:\tapp=nginx
                \tpod-template-hash=bcdf65c94
                  Containers:
                """); // no change-cause: no Annotations line
    }

    @Test
    void unknownRevisionsAndNoHistoryReadAsKubectlSaysThem() {
        assertThat(RolloutHistory.render(deployment, replicaSets, 2))
                .isEqualTo(new Printed("", "error: unable to find the specified revision\n", 1));
        assertThat(RolloutHistory.render(deployment, List.of(), 0).stdout())
                .isEqualTo("deployment.apps/nginx-deployment \nNo rollout history found.\n");
        assertThat(RolloutHistory.render(deployment, List.of(), 7).stdout())
                .isEqualTo("deployment.apps/nginx-deployment with revision #7\nNo rollout history found.\n");
        assertThat(RolloutHistory.render(deployment, replicaSets, -2).stderr())
                .isEqualTo("error: revision must be a positive integer: -2\n");
    }

    @Test
    void onlyReplicaSetsTheDeploymentControlsCount() {
        ReplicaSet orphan = replicaSets.get(1).withMetadata(replicaSets.get(1).metadata().withOwnerReferences(null));

        assertThat(RolloutHistory.render(deployment, List.of(replicaSets.get(0), orphan), 0).stdout())
                .doesNotContain("nginx=nginx:1.21");
    }

    @Test
    void wideListsEveryRevisionEverAssignedWithWhoWhyAndHowItEnded() {
        // Revision 2 completed, then the undo left it; revision 1 completed before 2 superseded the template.
        assertThat(RolloutHistory.renderWide(NAME, store.revisions("default", NAME)).stdout()).isEqualTo(
                "deployment.apps/nginx-deployment \n"
                        + "REVISION  IMAGE         CREATED               BY     CHANGE-CAUSE                                                                    SOURCE                  OUTCOME\n"
                        + "1         nginx:1.14.2  2026-11-26T10:00:00Z  alice  <none>                                                                          Apply/c-apply           complete\n"
                        + "2         nginx:1.16.1  2026-11-26T10:01:00Z  bob    kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1 --record=true  SetImage/c-set-image-1  rolled-back\n"
                        + "3         nginx:1.14.2  2026-11-26T10:03:00Z  carol  <none>                                                                          Undo/c-undo             complete\n"
                        + "4         nginx:1.21    2026-11-26T10:05:00Z  dave   kubectl set image deployment/nginx-deployment nginx=nginx:1.21 --record=true    SetImage/c-set-image-2  complete\n"
                        + "\n");
    }

    @Test
    void eachRevisionRecordCarriesWhenAndWhyItEnded() {
        RevisionRecord second = store.revisions("default", NAME).get(1);

        assertThat(second.outcome()).isEqualTo("rolled-back");
        assertThat(second.outcomeReason()).isEqualTo("rolled back to revision 1 (running again as 3)");
        assertThat(second.outcomeAt()).isNotNull();
    }

    @Test
    void ledgerKeepsRenumberedAndDeletedRevisions() {
        List<RevisionRecord> records = store.revisions("default", NAME);

        assertThat(records).extracting(RevisionRecord::revision, RevisionRecord::replicaSet, RevisionRecord::live)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, NginxScenario.RS_1, false),
                        org.assertj.core.groups.Tuple.tuple(2L, NginxScenario.RS_2, false),
                        org.assertj.core.groups.Tuple.tuple(3L, NginxScenario.RS_1, true),
                        org.assertj.core.groups.Tuple.tuple(4L, NginxScenario.RS_3, true));
        assertThat(records.get(2).reactivatedFrom()).isEqualTo(1L);
        assertThat(records.get(1).deletedAt()).isEqualTo(Instant.parse("2026-11-26T10:05:12Z"));
        assertThat(records.get(1).source()).isEqualTo("SetImage/c-set-image-1");
    }

    @Test
    void wideRevisionDescribesEvenACleanedUpRevision() {
        Printed p = RolloutHistory.renderRecord(NAME, store.revisions("default", NAME), 2);

        assertThat(p.stdout()).startsWith("deployment.apps/nginx-deployment with revision #2\nPod Template:\n")
                .contains("\tpod-template-hash=fb9687447\n")
                .contains("    Image:\tnginx:1.16.1\n")
                .contains("  Annotations:\tkubernetes.io/change-cause: " + NginxScenario.CAUSE_2 + "\n");
        assertThat(RolloutHistory.renderRecord(NAME, store.revisions("default", NAME), 9).stderr())
                .isEqualTo("error: unable to find the specified revision\n");
    }
}
