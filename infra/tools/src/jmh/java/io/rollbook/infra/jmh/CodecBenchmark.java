package io.rollbook.infra.jmh;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Commands;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.infra.bench.Rollouts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The wire codecs on one thread: event envelopes (the mix of a whole 10-replica rollover, cycled
 * one per call, so the score is per average event), command envelopes and outcomes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class CodecBenchmark {

    private List<EventEnvelope> events;
    private byte[][] encodedEvents;
    private int next;
    private CommandEnvelope scale;
    private CommandEnvelope setImage;
    private byte[] encodedScale;
    private byte[] encodedSetImage;
    private Outcome outcome;
    private Instant now;

    @Setup
    public void setUp() {
        events = Rollouts.fullRollover(10).log();
        encodedEvents = events.stream().map(Events::encode).toArray(byte[][]::new);
        now = Instant.parse("2026-01-01T00:00:00Z");
        scale = CommandEnvelope.of("3f1c-scale", Rollouts.TARGET, now, "alice", null, new Scale(5));
        setImage = CommandEnvelope.of("3f1c-image", Rollouts.TARGET, now, "alice", "kubectl set image",
                new SetImage(Map.of("web", "registry.example/web:v2")));
        encodedScale = Commands.encode(scale);
        encodedSetImage = Commands.encode(setImage);
        outcome = new Outcome("3f1c-image", Outcome.Status.Accepted, "deployment.apps/web image updated", 2L, 9);
    }

    private int index() {
        int i = next;
        next = i + 1 == encodedEvents.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public byte[] encodeEvent() {
        return Events.encode(events.get(index()));
    }

    @Benchmark
    public EventEnvelope decodeEvent() {
        return Events.decode(encodedEvents[index()]);
    }

    @Benchmark
    public byte[] encodeScaleCommand() {
        return Commands.encode(scale);
    }

    @Benchmark
    public CommandEnvelope decodeScaleCommand() {
        return Commands.decode(encodedScale, now);
    }

    @Benchmark
    public CommandEnvelope decodeSetImageCommand() {
        return Commands.decode(encodedSetImage, now);
    }

    @Benchmark
    public String encodeOutcome() {
        return Codec.toJson(outcome);
    }
}
