package io.rollbook.infra.kube;

import io.rollbook.api.command.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** A rejected command's reason decides the Kubernetes API's answer; the message is never read for it. */
class KubeStatusTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "NotFound,      404, NotFound",
            "AlreadyExists, 409, AlreadyExists",
            "Invalid,       422, Invalid",
            "Conflict,      409, Conflict",
            "AlreadyPaused, 409, Conflict",      // kubectl's own refusal: a conflict with the object's state
            "NotPaused,     409, Conflict",
            "Forbidden,     403, Forbidden",
            "BadRequest,    400, BadRequest",
            "InternalError, 500, InternalError",
            "Unknown,       500, InternalError", // a reason from a newer engine: a server-side failure to us
    })
    void reasonMapsToCodeAndStatusReason(Outcome.Reason reason, int code, String statusReason) {
        KubeStatus status = KubeStatus.rejected(Resource.DEPLOYMENTS, "web", reason, "some text");

        assertThat(status.code()).isEqualTo(code);
        assertThat(status.body().path("code").asInt()).isEqualTo(code);
        assertThat(status.body().path("reason").asText()).isEqualTo(statusReason);
    }

    @Test
    void everyReasonIsInTheTable() {
        assertThat(Arrays.stream(Outcome.Reason.values()).mapToInt(KubeStatus::code)).allMatch(c -> c >= 400);
        assertThat(Outcome.Reason.values()).hasSize(10); // a new reason needs a row above
    }

    @Test
    void notFoundIsTheApiServersNotFoundWhateverTheMessageSays() {
        KubeStatus status = KubeStatus.rejected(Resource.DEPLOYMENTS, "web", Outcome.Reason.NotFound,
                "deployments.apps \"web\" not found");

        assertThat(status.body()).isEqualTo(KubeStatus.notFound(Resource.DEPLOYMENTS, "web").body());
        assertThat(KubeStatus.rejected(Resource.DEPLOYMENTS, "web", Outcome.Reason.Invalid,
                "deployments.apps \"web\" not found").code()).isEqualTo(422); // the text alone decides nothing
    }

    @Test
    void invalidKeepsTheCausesKubectlPrints() {
        KubeStatus status = KubeStatus.rejected(Resource.DEPLOYMENTS, "web", Outcome.Reason.Invalid,
                "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or "
                        + "equal to 0");

        assertThat(status.body().path("message").asText()).isEqualTo("Deployment.apps \"web\" is invalid: "
                + "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        assertThat(status.body().at("/details/causes/0/field").asText()).isEqualTo("spec.replicas");
    }

    @Test
    void aRejectionWrittenBeforeReasonsIsInvalidAsBefore() {
        KubeStatus status = KubeStatus.rejected(Resource.DEPLOYMENTS, "web", null, "selector is immutable");

        assertThat(status.code()).isEqualTo(422);
        assertThat(status.body().path("message").asText()).isEqualTo("selector is immutable");
    }

    @Test
    void anApplyConflictIsTheApiServersWithOneCausePerField() throws Exception {
        KubeStatus one = KubeStatus.rejected(Resource.DEPLOYMENTS, "web", Outcome.Reason.Conflict,
                "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
        assertThat(one.code()).isEqualTo(409);
        assertThat(one.body()).isEqualTo(io.rollbook.api.codec.Codec.json().readTree("""
                {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                 "message": "Apply failed with 1 conflict: conflict with \\"kubectl-client-side-apply\\" using apps/v1: .spec.replicas",
                 "reason": "Conflict",
                 "details": {"causes": [{"type": "FieldManagerConflict",
                   "message": "conflict with \\"kubectl-client-side-apply\\" using apps/v1", "field": ".spec.replicas"}]},
                 "code": 409}"""));
        KubeStatus two = KubeStatus.rejected(Resource.DEPLOYMENTS, "web", Outcome.Reason.Conflict,
                "Apply failed with 2 conflicts: conflicts with \"a\":\n- .spec.replicas\n"
                        + "conflicts with \"b\" with subresource \"scale\" using apps/v1:\n"
                        + "- .spec.template.spec.containers[name=\"nginx\"].image");
        assertThat(two.body().path("details").path("causes")).hasSize(2);
        assertThat(two.body().path("details").path("causes").path(1).path("message").asText())
                .isEqualTo("conflict with \"b\" with subresource \"scale\" using apps/v1");
        assertThat(two.body().path("details").path("causes").path(1).path("field").asText())
                .isEqualTo(".spec.template.spec.containers[name=\"nginx\"].image");
    }
}
