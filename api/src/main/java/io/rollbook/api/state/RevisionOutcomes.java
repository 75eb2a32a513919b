package io.rollbook.api.state;

import io.rollbook.api.event.ProgressDeadlineHandled;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *   <li>{@code CanaryAborted(N)}: N is {@code failed} (a canary stopped by abort or by a failed check);</li>
 *   <li>{@code RolledBack(from, ...)}: {@code from} is {@code rolled-back} unless it failed, which
 *       stays the truer word.</li>
 * </ul>
 * Not thread-safe; owned by its state.
 */
final class RevisionOutcomes {

    private final TreeMap<Long, RevisionOutcome> byRevision = new TreeMap<>();
    /** Revisions whose exceeded deadline the engine's rule already acted on (ProgressDeadlineHandled). */
    private final Set<Long> deadlineHandled = new HashSet<>();
    /** Revisions an automatic rollback started (the new revision of a ProgressDeadlineHandled rollback). */
    private final Set<Long> automaticRollbacks = new HashSet<>();

    RevisionOutcomes copy() {
        RevisionOutcomes c = new RevisionOutcomes();
        c.byRevision.putAll(byRevision);
        c.deadlineHandled.addAll(deadlineHandled);
        c.automaticRollbacks.addAll(automaticRollbacks);
        return c;
    }

    /** The outcomes and rule marks a snapshot holds, as {@link #all}, {@link #deadlineHandled} and {@link #automaticRollbacks} gave them. */
    static RevisionOutcomes of(Iterable<RevisionOutcome> outcomes, Iterable<Long> handled, Iterable<Long> rollbacks) {
        RevisionOutcomes r = new RevisionOutcomes();
        outcomes.forEach(o -> r.byRevision.put(o.revision(), o));
        handled.forEach(r.deadlineHandled::add);
        rollbacks.forEach(r.automaticRollbacks::add);
        return r;
    }

    /** The revisions whose exceeded deadline was acted on, ascending. */
    List<Long> deadlineHandled() {
        return deadlineHandled.stream().sorted().toList();
    }

    /** The revisions automatic rollbacks started, ascending. */
    List<Long> automaticRollbacks() {
        return automaticRollbacks.stream().sorted().toList();
    }

    Map<Long, RevisionOutcome> all() {
        return byRevision;
    }

    /** How many revisions this knows of. */
    int size() {
        return byRevision.size();
    }

    /** Forgets every revision {@code kept} does not name. */
    void retainOnly(Set<Long> kept) {
        byRevision.keySet().retainAll(kept);
        deadlineHandled.retainAll(kept);
        automaticRollbacks.retainAll(kept);
    }

    void clear() {
        byRevision.clear();
        deadlineHandled.clear();
        automaticRollbacks.clear();
    }

    boolean deadlineHandled(long revision) {
        return deadlineHandled.contains(revision);
    }

    boolean startedByAutomaticRollback(long revision) {
        return automaticRollbacks.contains(revision);
    }

    void handled(ProgressDeadlineHandled e) {
        deadlineHandled.add(e.revision());
        if (ProgressDeadlineHandled.ROLLBACK.equals(e.action()) && e.newRevision() > 0) {
            automaticRollbacks.add(e.newRevision());
        }
    }

    /** The Deployment's revision annotation went from {@code from} (0 when none) to {@code to}. */
    void revisionMoved(long from, long to, Instant at) {
        if (to <= 0 || from == to) {
            return; // a deleted Deployment, or an annotation that did not move
        }
        if (from > 0) {
            RevisionOutcome left = byRevision.get(from);
            if (left != null && left.progressing()) {
                byRevision.put(from, left.becomes(RevisionOutcome.SUPERSEDED, at,
                        "revision " + to + " started before it finished"));
            }
        }
        byRevision.put(to, new RevisionOutcome(to, RevisionOutcome.PROGRESSING, at, "rolling out", at));
    }

    void completed(long revision, Instant at, String why) {
        RevisionOutcome now = byRevision.get(revision);
        byRevision.put(revision, now == null ? new RevisionOutcome(revision, RevisionOutcome.COMPLETE, at, why, null)
                : now.becomes(RevisionOutcome.COMPLETE, at, why));
    }

    void timedOut(long current, Instant at, String message) {
        RevisionOutcome now = byRevision.get(current);
        if (now != null && now.progressing()) {
            byRevision.put(current, now.becomes(RevisionOutcome.FAILED, at, message));
        }
    }

    void aborted(long revision, Instant at, String why) {
        RevisionOutcome now = byRevision.get(revision);
        byRevision.put(revision, now == null ? new RevisionOutcome(revision, RevisionOutcome.FAILED, at, why, null)
                : now.becomes(RevisionOutcome.FAILED, at, why));
    }

    void rolledBack(long from, long to, long newRevision, Instant at) {
        RevisionOutcome now = byRevision.get(from);
        if (from > 0 && (now == null || !RevisionOutcome.FAILED.equals(now.outcome()))) {
            String why = "rolled back to revision " + to + " (running again as " + newRevision + ")";
            byRevision.put(from, now == null ? new RevisionOutcome(from, RevisionOutcome.ROLLED_BACK, at, why, null)
                    : now.becomes(RevisionOutcome.ROLLED_BACK, at, why));
        }
    }
}
