package io.rollbook.api.event;

import com.fasterxml.jackson.core.JsonGenerator;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.ReplicaSetCondition;
import io.rollbook.api.manifest.ReplicaSetStatus;
import io.rollbook.api.value.NetworkInterface;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.StringWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-written event writers write what the mapper writes, byte for byte, and what they write
 * decodes back to the same envelope: for generated events of every type they handle (odd strings,
 * nulls, empty and absent maps and lists, instants with and without fractions), plus a PodStarted
 * with networks, which they leave to the mapper.
 */
class EventWritersTest {

    @Property(tries = 3000)
    void theSameBytesAsTheMapperAndTheSameEnvelopeBack(@ForAll("envelopes") EventEnvelope e) {
        byte[] written = Events.encode(e);

        assertThat(new String(written, UTF_8)).isEqualTo(new String(Events.encodeWithMapper(e), UTF_8));
        assertThat(written).isEqualTo(Events.encodeWithMapper(e));
        assertThat(Events.decode(written)).isEqualTo(withoutNullAnnotations(e));
    }

    /** One encoder reused for event after event writes each as {@link Events#encode} does, failures included. */
    @Property(tries = 300)
    void anEncoderReusedWritesEachEventAsEncodeDoes(@ForAll("sequences") List<EventEnvelope> events) {
        Events.Encoder encoder = Events.encoder();
        for (EventEnvelope e : events) {
            assertThat(encoder.encode(e)).isEqualTo(Events.encode(e));
        }
    }

    @Example
    void anEncoderThatFailedWritesTheNextEventWhole() {
        Events.Encoder encoder = Events.encoder();
        // A ReplicaSetScaled whose annotation has a null key fails in the middle of its data.
        Map<String, String> broken = new HashMap<>();
        broken.put(null, "x");
        EventEnvelope bad = EventEnvelope.of("default/web", 0, null, null, null, new ReplicaSetScaled("rs", 1, 2, broken));
        EventEnvelope good = EventEnvelope.of("default/web", 1, null, null, null, new PodReady("p", "rs", "n"));

        assertThatThrownBy(() -> encoder.encode(bad))
                .isInstanceOf(IllegalStateException.class);
        assertThat(encoder.encode(good)).isEqualTo(Events.encode(good));
    }

    @Provide
    Arbitrary<List<EventEnvelope>> sequences() {
        return envelopes().list().ofMaxSize(12);
    }

    /** The mapper leaves a map entry with a null value out (NON_NULL), so it reads back absent. */
    private static EventEnvelope withoutNullAnnotations(EventEnvelope e) {
        if (!(e.data() instanceof ReplicaSetScaled s) || s.annotations() == null) {
            return e;
        }
        Map<String, String> kept = new LinkedHashMap<>(s.annotations());
        kept.values().removeIf(Objects::isNull);
        return new EventEnvelope(e.eventId(), e.aggregate(), e.sequence(), e.time(), e.commandId(), e.actor(),
                new ReplicaSetScaled(s.replicaSet(), s.from(), s.to(), kept));
    }

    /** Every type the generator makes is one the writers handle (so the property covers each of them). */
    @Example
    void theGeneratedTypesAreTheHandledOnes() throws Exception {
        for (RollbookEvent event : List.of(new PodCreated("p", "rs", null), new PodTerminating("p", "rs", "n"),
                new PodDeleted("p", "rs", "n"), new PodReady("p", "rs", "n"), new PodStarted("p", "rs", "n"),
                new KubeEventRecorded("Normal", "ScalingReplicaSet", "m"), new ReplicaSetScaled("rs", 1, 2, null),
                new ReplicaSetStatusChanged("rs", ReplicaSetStatus.EMPTY),
                new DeploymentStatusChanged(DeploymentStatus.EMPTY), new ConditionChanged("Available", "True", null, null),
                new WakeUpScheduled(Instant.EPOCH))) {
            try (JsonGenerator g = Codec.json().createGenerator(new StringWriter())) {
                assertThat(EventWriters.write(g, event)).as(event.getClass().getSimpleName()).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<EventEnvelope> envelopes() {
        Arbitrary<RollbookEvent> data = Arbitraries.oneOf(List.of(
                pods(), podStarted(), kubeEvent(), replicaSetScaled(), replicaSetStatus(), deploymentStatus(),
                condition(), instants().map(t -> (RollbookEvent) new WakeUpScheduled(t))));
        return Combinators.combine(text().injectNull(0.3), text(), Arbitraries.longs().between(0, Long.MAX_VALUE),
                instants().injectNull(0.2), text().injectNull(0.3), text().injectNull(0.3), data)
                .as(EventEnvelope::new);
    }

    /** Strings with what a JSON writer must escape or encode: quotes, backslashes, controls, non-ASCII. */
    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("\"\\\u0000\u001f\n\t\u007f\u00e9\u2028\u4e2d")
                .ofMaxLength(24);
    }

    private static Arbitrary<String> nullableText() {
        return text().injectNull(0.25);
    }

    /** Instants of 1970 to 2100, with no fraction, millis, or nanos. */
    private static Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(0, 4_102_444_800L),
                        Arbitraries.oneOf(List.of(Arbitraries.just(0), Arbitraries.integers().between(0, 999)
                                .map(ms -> ms * 1_000_000), Arbitraries.integers().between(0, 999_999_999))))
                .as(Instant::ofEpochSecond);
    }

    private static Arbitrary<Integer> nullableCount() {
        return Arbitraries.integers().between(-1, Integer.MAX_VALUE).injectNull(0.4);
    }

    private static Arbitrary<RollbookEvent> pods() {
        return Combinators.combine(nullableText(), nullableText(), nullableText(), Arbitraries.integers().between(0, 3))
                .as((pod, rs, node, kind) -> switch (kind) {
                    case 0 -> new PodCreated(pod, rs, node);
                    case 1 -> new PodTerminating(pod, rs, node);
                    case 2 -> new PodDeleted(pod, rs, node);
                    default -> new PodReady(pod, rs, node);
                });
    }

    private static Arbitrary<RollbookEvent> podStarted() {
        Arbitrary<List<NetworkInterface>> networks = Combinators.combine(text(), text(), text())
                .as(NetworkInterface::new).list().ofMaxSize(2).injectNull(0.7);
        return Combinators.combine(nullableText(), nullableText(), nullableText(), nullableText(), networks)
                .as(PodStarted::new);
    }

    private static Arbitrary<RollbookEvent> kubeEvent() {
        return Combinators.combine(nullableText(), nullableText(), nullableText()).as(KubeEventRecorded::new);
    }

    private static Arbitrary<RollbookEvent> condition() {
        return Combinators.combine(nullableText(), nullableText(), nullableText(), nullableText())
                .as(ConditionChanged::new);
    }

    private static Arbitrary<RollbookEvent> replicaSetScaled() {
        Arbitrary<Map<String, String>> annotations = Arbitraries.maps(text(), nullableText()).ofMaxSize(4)
                .injectNull(0.3);
        return Combinators.combine(nullableText(), Arbitraries.integers(), Arbitraries.integers(), annotations)
                .as(ReplicaSetScaled::new);
    }

    private static Arbitrary<RollbookEvent> replicaSetStatus() {
        Arbitrary<ReplicaSetCondition> condition = Combinators.combine(nullableText(), nullableText(),
                instants().injectNull(0.3), nullableText(), nullableText()).as(ReplicaSetCondition::new);
        Arbitrary<ReplicaSetStatus> status = Combinators.combine(Arbitraries.integers(), nullableCount(),
                Arbitraries.integers(), Arbitraries.integers(), nullableCount(), Arbitraries.longs(),
                condition.list().ofMaxSize(2).injectNull(0.5)).as(ReplicaSetStatus::new);
        return Combinators.combine(nullableText(), status.injectNull(0.1)).as(ReplicaSetStatusChanged::new);
    }

    private static Arbitrary<RollbookEvent> deploymentStatus() {
        Arbitrary<DeploymentCondition> condition = Combinators.combine(nullableText(), nullableText(),
                        instants().injectNull(0.3), instants().injectNull(0.3), nullableText(), nullableText())
                .as(DeploymentCondition::new);
        Arbitrary<int[]> counts = Arbitraries.integers().array(int[].class).ofSize(5);
        Arbitrary<DeploymentStatus> status = Combinators.combine(Arbitraries.longs(), counts, nullableCount(),
                condition.list().ofMaxSize(3).injectNull(0.3), nullableCount())
                .as((generation, n, terminating, conditions, collisions) -> new DeploymentStatus(generation, n[0], n[1],
                        n[2], n[3], n[4], terminating, conditions, collisions));
        return status.injectNull(0.1).map(DeploymentStatusChanged::new);
    }
}
