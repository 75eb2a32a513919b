package io.rollbook.projections.replay;

import java.time.Instant;
import java.util.Objects;

/** Where in an aggregate's log a replay stops: {@code --to-revision N}, {@code --at TIME} or {@code --at-offset N}. */
public sealed interface ReplayPoint {

    /** The flag as a user would type it, for summaries and messages. */
    String describe();

    /**
     * When revision {@code revision} last ran: the state right after the last event at which the
     * Deployment's revision annotation was N, its template was revision N's, and the rollout of N had
     * completed; if it never completed, the last state while N was current.
     */
    record ToRevision(long revision) implements ReplayPoint {
        public ToRevision {
            if (revision <= 0) {
                throw new IllegalArgumentException("revision must be a positive integer: " + revision);
            }
        }

        @Override
        public String describe() {
            return "--to-revision " + revision;
        }
    }

    /** After every event whose time is at or before {@code time}. */
    record AtTime(Instant time) implements ReplayPoint {
        public AtTime {
            Objects.requireNonNull(time, "time");
        }

        @Override
        public String describe() {
            return "--at " + time;
        }
    }

    /**
     * After the first {@code count} events of the aggregate's own log, i.e. every event whose
     * {@code sequence} is below {@code count} (sequences count from 0 per aggregate): 0 is before the
     * first event, 1 is just after the {@code DeploymentApplied} that created it, and the log's
     * length is the current state.
     */
    record AtOffset(long count) implements ReplayPoint {
        public AtOffset {
            if (count < 0) {
                throw new IllegalArgumentException("offset must be >= 0, was " + count);
            }
        }

        @Override
        public String describe() {
            return "--at-offset " + count;
        }
    }
}
