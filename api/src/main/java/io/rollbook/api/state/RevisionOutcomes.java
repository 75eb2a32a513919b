package io.rollbook.api.state;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of every revision a Deployment had, folded by {@link WorkloadState} from its events.
 * The rules, in the order the log shows them:
 * <ul>
 *   <li>the Deployment's revision annotation moves to N: N is {@code progressing}; the revision it
 *       left, if still progressing, is {@code superseded} (an undo has already marked it rolled-back);</li>
 *   <li>{@code RolloutCompleted(N)}: N is {@code complete} (also after it had failed: it got there late);</li>
 *   <li>Progressing turns False, ProgressDeadlineExceeded: the current revision is {@code failed}, but
 *       only while it is progressing. A Deployment that completed and later lost pods is not a
 *       failed rollout (upstream's DeploymentTimedOut ignores a complete Progressing condition too);</li>
 *   <li>{@code RolledBack(from, ...)}: {@code from} is {@code rolled-back} unless it failed, which
 *       stays the truer word.</li>
 * </ul>
 * Not thread-safe; owned by its state.
 */
final class RevisionOutcomes {

    private final TreeMap<Long, RevisionOutcome> byRevision = new TreeMap<>();

    RevisionOutcomes copy() {
        RevisionOutcomes c = new RevisionOutcomes();
        c.byRevision.putAll(byRevision);
        return c;
    }

    Map<Long, RevisionOutcome> all() {
        return byRevision;
    }

    void clear() {
        byRevision.clear();
    }

    /** The Deployment's revision annotation went from {@code from} (0 when none) to {@code to}. */
    void revisionMoved(long from, long to, Instant at) {
        if (to <= 0 || from == to) {
            return; // a deleted Deployment, or an annotation that did not move
        }
        if (from > 0) {
            RevisionOutcome left = byRevision.get(from);
            if (left != null && left.progressing()) {
                byRevision.put(from, new RevisionOutcome(from, RevisionOutcome.SUPERSEDED, at,
                        "revision " + to + " started before it finished"));
            }
        }
        byRevision.put(to, new RevisionOutcome(to, RevisionOutcome.PROGRESSING, at, "rolling out"));
    }

    void completed(long revision, Instant at, String why) {
        byRevision.put(revision, new RevisionOutcome(revision, RevisionOutcome.COMPLETE, at, why));
    }

    void timedOut(long current, Instant at, String message) {
        RevisionOutcome now = byRevision.get(current);
        if (now != null && now.progressing()) {
            byRevision.put(current, new RevisionOutcome(current, RevisionOutcome.FAILED, at, message));
        }
    }

    void rolledBack(long from, long to, long newRevision, Instant at) {
        RevisionOutcome now = byRevision.get(from);
        if (from > 0 && (now == null || !RevisionOutcome.FAILED.equals(now.outcome()))) {
            byRevision.put(from, new RevisionOutcome(from, RevisionOutcome.ROLLED_BACK, at,
                    "rolled back to revision " + to + " (running again as " + newRevision + ")"));
        }
    }
}
