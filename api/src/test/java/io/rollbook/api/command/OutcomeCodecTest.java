package io.rollbook.api.command;

import io.rollbook.api.codec.Codec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outcome on the wire: reason only on Rejected outcomes, added without breaking old readers or old records. */
class OutcomeCodecTest {

    private static Outcome read(String json) throws IOException {
        return Codec.json().readValue(json, Outcome.class);
    }

    @Test
    void anAcceptedOutcomeIsWrittenAsBeforeReasonsExisted() {
        Outcome accepted = new Outcome("c-1", Outcome.Status.Accepted, "deployment.apps/web scaled", 2L, 3);

        assertThat(Codec.toJson(accepted)).isEqualTo("{\"commandId\":\"c-1\",\"status\":\"Accepted\","
                + "\"message\":\"deployment.apps/web scaled\",\"revision\":2,\"eventCount\":3}");
    }

    @Test
    void aRejectedOutcomeCarriesItsReasonLast() throws IOException {
        Outcome rejected = Outcome.rejected("c-2", Outcome.Reason.AlreadyPaused,
                "deployments.apps \"web\" is already paused");

        String json = Codec.toJson(rejected);

        assertThat(json).isEqualTo("{\"commandId\":\"c-2\",\"status\":\"Rejected\","
                + "\"message\":\"deployments.apps \\\"web\\\" is already paused\",\"eventCount\":0,"
                + "\"reason\":\"AlreadyPaused\"}");
        assertThat(read(json)).isEqualTo(rejected);
    }

    @ParameterizedTest
    @EnumSource(Outcome.Reason.class)
    void everyReasonRoundTrips(Outcome.Reason reason) throws IOException {
        Outcome rejected = Outcome.rejected("c-3", reason, "refused");

        assertThat(read(Codec.toJson(rejected)).reason()).isEqualTo(reason);
    }

    @Test
    void aRejectedOutcomeWrittenBeforeReasonsStillReads() throws IOException {
        Outcome old = read("{\"commandId\":\"c-4\",\"status\":\"Rejected\","
                + "\"message\":\"deployments.apps \\\"web\\\" not found\",\"eventCount\":0}");

        assertThat(old.status()).isEqualTo(Outcome.Status.Rejected);
        assertThat(old.reason()).isNull();
        assertThat(old.message()).isEqualTo("deployments.apps \"web\" not found");
    }

    @Test
    void aReasonFromANewerWriterReadsAsUnknown() throws IOException {
        Outcome newer = read("{\"commandId\":\"c-5\",\"status\":\"Rejected\",\"message\":\"m\",\"eventCount\":0,"
                + "\"reason\":\"TooManyRequests\"}");

        assertThat(newer.reason()).isEqualTo(Outcome.Reason.Unknown);
    }

    @Test
    void onlyARejectedOutcomeHasAReason() {
        assertThatThrownBy(() -> new Outcome("c-6", Outcome.Status.Accepted, "ok", null, 1, Outcome.Reason.Invalid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only a Rejected outcome has a reason, not Accepted");
    }
}
