package io.rollbook.infra.kafka;

import io.rollbook.api.command.Outcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compact dedupe answers as a plain model does: every answer in a queue (oldest first, at most
 * the cap, gone a window after it was written), and an id's first outcome the one of its oldest
 * answer the log still holds. Random runs of answers, repeats, aborts, restores, deleted records and
 * time passing, with a hash that collides often and a small cap.
 */
class ProcessedCommandsPropertiesTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(10);

    /** One step: what happens, to which id (of a few), how many seconds later. */
    record Step(int kind, int id, int seconds) {
    }

    /** The reference: each answer as (id, offset, written at), in order. */
    private record Answer(String id, long offset, Instant at) {
    }

    @Property(tries = 300)
    void answersAsTheReferenceModelDoes(@ForAll("runs") List<Step> run, @ForAll("caps") int cap,
                                        @ForAll boolean collide) {
        MemoryOutcomeLog log = new MemoryOutcomeLog();
        ToLongFunction<String> hash = collide ? id -> id.hashCode() % 3 : AnsweredIds::hash;
        ProcessedCommands processed = new ProcessedCommands(WINDOW, cap, log, EngineListener.NONE, hash);
        Deque<Answer> model = new ArrayDeque<>();
        Map<String, Outcome> firstInBatch = new HashMap<>();
        Deque<Answer> batch = new ArrayDeque<>();
        Instant now = T;
        int partition = 0;
        for (Step s : run) {
            now = now.plusSeconds(s.seconds());
            String id = "c-" + s.id();
            switch (s.kind()) {
                case 0 -> { // a command read: answered with its first outcome, or run
                    Outcome expected = firstInBatch.containsKey(id) ? firstInBatch.get(id) : modelFirst(model, log, id);
                    Outcome got = processed.firstOutcome(partition, id);
                    assertThat(got).isEqualTo(expected);
                    Outcome outcome = got != null ? got
                            : new Outcome(id, Outcome.Status.Accepted, id + "@" + now, 1L, 0);
                    long offset = log.nextOffset(partition);
                    processed.stage(partition, outcome, now, log.append(partition, outcome));
                    batch.add(new Answer(id, offset, now));
                    firstInBatch.putIfAbsent(id, outcome);
                }
                case 3 -> { // the transaction commits
                    processed.commit(now);
                    batch.forEach(a -> add(model, a, cap));
                    expire(model, now);
                    batch.clear();
                    firstInBatch.clear();
                }
                case 4 -> { // the transaction aborts (its records stay in the log, never read: aborted)
                    processed.abort();
                    batch.forEach(a -> log.delete(partition, a.offset()));
                    batch.clear();
                    firstInBatch.clear();
                }
                case 5 -> { // retention deletes the oldest record still held
                    if (!model.isEmpty()) {
                        log.delete(partition, model.peekFirst().offset());
                    }
                }
                default -> { // the partition moves away and back: restored from the log of the window
                    processed.abort();
                    batch.forEach(a -> log.delete(partition, a.offset()));
                    batch.clear();
                    firstInBatch.clear();
                    processed.forget(Set.of(partition));
                    Deque<Answer> kept = new ArrayDeque<>();
                    for (Answer a : model) {
                        if (!a.at().isBefore(now.minus(WINDOW)) && log.read(partition, a.offset()) != null) {
                            processed.restored(partition, a.id(), a.offset(), a.at());
                            add(kept, a, cap);
                        }
                    }
                    model.clear();
                    model.addAll(kept);
                }
            }
            assertThat(processed.count(partition)).isEqualTo(model.size());
        }
    }

    private static void add(Deque<Answer> model, Answer a, int cap) {
        model.addLast(a);
        if (model.size() > cap) {
            model.removeFirst();
        }
    }

    private static void expire(Deque<Answer> model, Instant now) {
        // kept while answered at or after the window's start; the table rounds times up to the second
        while (!model.isEmpty() && model.peekFirst().at().isBefore(now.minus(WINDOW))) {
            model.removeFirst();
        }
    }

    private static Outcome modelFirst(Deque<Answer> model, MemoryOutcomeLog log, String id) {
        return model.stream().filter(a -> a.id().equals(id)).map(a -> log.read(0, a.offset()))
                .filter(o -> o != null).findFirst().orElse(null);
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Integer> kind = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(12, 0), net.jqwik.api.Tuple.of(4, 3), net.jqwik.api.Tuple.of(1, 4),
                net.jqwik.api.Tuple.of(1, 5), net.jqwik.api.Tuple.of(1, 6));
        Arbitrary<Integer> id = Arbitraries.integers().between(0, 12);
        Arbitrary<Integer> seconds = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(8, 0), net.jqwik.api.Tuple.of(4, 30), net.jqwik.api.Tuple.of(1, 300));
        return Combinators.combine(kind, id, seconds).as(Step::new).list().ofMaxSize(120);
    }

    @Provide
    Arbitrary<Integer> caps() {
        return Arbitraries.of(1, 2, 5, 50);
    }
}
