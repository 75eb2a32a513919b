package io.rollbook.projections.status;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.projections.fixtures.Manifests;
import io.rollbook.projections.text.Printed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutStatusTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @ParameterizedTest(name = "gen {0}/{1}, replicas {2}, updated {3}, available {4} -> {6}")
    @CsvSource(delimiter = '|', value = {
            // generation | observed | replicas | updated | available | done | message
            "2 | 1 | 3 | 3 | 3 | false | Waiting for deployment spec update to be observed...",
            "2 | 2 | 4 | 1 | 3 | false | Waiting for deployment \"nginx-deployment\" rollout to finish: 1 out of 3 new replicas have been updated...",
            "2 | 2 | 4 | 3 | 3 | false | Waiting for deployment \"nginx-deployment\" rollout to finish: 1 old replicas are pending termination...",
            "2 | 2 | 3 | 3 | 2 | false | Waiting for deployment \"nginx-deployment\" rollout to finish: 2 of 3 updated replicas are available...",
            "2 | 2 | 3 | 3 | 3 | true  | deployment \"nginx-deployment\" successfully rolled out",
            "2 | 3 | 3 | 3 | 3 | true  | deployment \"nginx-deployment\" successfully rolled out", // observed ahead
    })
    void printsKubectlsMessages(long generation, long observed, int replicas, int updated, int available,
                                boolean done, String message) {
        RolloutStatusResult r = RolloutStatus.evaluate(deployment(generation, observed, replicas, updated, available,
                null), 0);

        assertThat(r).isEqualTo(new RolloutStatusResult(message, done, false));
        assertThat(r.printed()).isEqualTo(new Printed(message + "\n", "", 0));
    }

    @Test
    void progressDeadlineIsAnErrorOnceTheSpecIsObserved() {
        Deployment timedOut = deployment(2, 2, 4, 1, 3, "ProgressDeadlineExceeded");

        RolloutStatusResult r = RolloutStatus.evaluate(timedOut, 0);
        assertThat(r).isEqualTo(RolloutStatusResult.failure(
                "deployment \"nginx-deployment\" exceeded its progress deadline"));
        assertThat(r.printed()).isEqualTo(new Printed("",
                "error: deployment \"nginx-deployment\" exceeded its progress deadline\n", 1));
        // Not yet observed: the spec wait comes first.
        assertThat(RolloutStatus.evaluate(deployment(3, 2, 4, 1, 3, "ProgressDeadlineExceeded"), 0).message())
                .isEqualTo("Waiting for deployment spec update to be observed...");
    }

    @Test
    void revisionFlagMustMatchTheRunningRevision() {
        Deployment d = deployment(2, 2, 3, 3, 3, null);

        assertThat(RolloutStatus.evaluate(d, 2).done()).isTrue();
        assertThat(RolloutStatus.evaluate(d, 3)).isEqualTo(RolloutStatusResult.failure(
                "desired revision (3) is different from the running revision (2)"));
        assertThat(RolloutStatus.evaluate(d, -1).printed().stderr())
                .isEqualTo("error: revision must be a positive integer: -1\n");
        Deployment noRevision = d.withMetadata(d.metadata().withAnnotations(null));
        assertThat(RolloutStatus.evaluate(noRevision, 1).message())
                .isEqualTo("desired revision (1) is different from the running revision (0)");
        Deployment garbled = d.withMetadata(d.metadata().withAnnotations(
                Maps.with(null, WellKnown.REVISION_ANNOTATION, "abc")));
        assertThat(RolloutStatus.evaluate(garbled, 1).message()).isEqualTo(
                "cannot get the revision of deployment \"nginx-deployment\": strconv.ParseInt: parsing \"abc\": "
                        + "invalid syntax");
    }

    @Test
    void deletedAndMissingDeployments() {
        assertThat(RolloutStatus.deleted().printed().stderr()).isEqualTo("error: object has been deleted\n");
        assertThat(RolloutStatus.notFound("default"))
                .isEqualTo(new Printed("", "No resources found in default namespace.\n", 1));
    }

    @Test
    void aDeploymentWithoutStatusWaitsForTheSpec() {
        assertThat(RolloutStatus.evaluate(Manifests.deployment("nginx-deployment", "nginx", 10, T0), 0).message())
                .isEqualTo("Waiting for deployment spec update to be observed...");
    }

    private static Deployment deployment(long generation, long observed, int replicas, int updated, int available,
                                         String progressReason) {
        Deployment d = Manifests.deployment("nginx-deployment", "nginx:1.16.1", 10, T0);
        List<DeploymentCondition> conditions = progressReason == null ? List.of()
                : List.of(new DeploymentCondition("Progressing", "False", T0, T0, progressReason, "timed out"));
        return d.withMetadata(d.metadata().withGeneration(generation)
                        .withAnnotations(Maps.with(null, WellKnown.REVISION_ANNOTATION, "2")))
                .withStatus(new DeploymentStatus(observed, replicas, updated, available, available,
                        Math.max(0, replicas - available), 0, conditions, null));
    }
}
