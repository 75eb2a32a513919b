package io.rollbook.infra.kafka;

import io.rollbook.api.command.Apply;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repeated command id after the engine restarted, on a real broker: the restore kept only the
 * id's hash and the offset of its outcome, and the repeat gets that outcome read back from
 * {@code rollbook.outcomes}, with nothing applied again.
 */
class DedupeRestartIntegrationTest {

    private static final ObjectRef WEB = ObjectRef.deployment("default", "nginx-deployment");

    @TempDir
    Path dir;

    @Test
    void aDuplicateAfterARestartGetsTheFirstOutcomeAndChangesNothing() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0);
             EngineHarness h = new EngineHarness(broker.bootstrapServers())) {
            h.send(WEB, new Apply(EngineHarness.example("nginx-deployment.yaml")));
            Outcome first = h.send("c-scale", WEB, new Scale(5));
            assertThat(first.status()).isEqualTo(Outcome.Status.Accepted);
            long specChanges = specChanges(h);

            h.stopEngine();
            h.startEngine("harness");

            Outcome again = h.send("c-scale", WEB, new Scale(9));
            assertThat(again).as("the first outcome, read back by its offset").isEqualTo(first);
            assertThat(specChanges(h)).as("the repeat applied nothing").isEqualTo(specChanges);
            assertThat(h.send("c-new", WEB, new Scale(2)).status()).as("a new id runs")
                    .isEqualTo(Outcome.Status.Accepted);
        }
    }

    private static long specChanges(EngineHarness h) {
        return EngineHarness.of(h.events(), WEB).stream().map(EventEnvelope::data)
                .filter(d -> d instanceof DeploymentApplied).count();
    }
}
