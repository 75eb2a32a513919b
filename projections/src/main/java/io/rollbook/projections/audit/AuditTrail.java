package io.rollbook.projections.audit;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.state.RevisionOutcome;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.EventHistory;
import io.rollbook.projections.objects.Subjects;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The audit trail, folded from the log when asked: each event with the change-cause and the revision
 * outcomes it left, which need the aggregate's state just after it, so every aggregate the query can
 * select is folded from its first event (a Deployment's query reads that aggregate only). Nothing of
 * it stays in memory after the answer.
 */
public final class AuditTrail {

    private AuditTrail() {
    }

    /** The entries {@code query} selects, oldest first. */
    public static List<AuditEntry> read(EventHistory history, AuditQuery query) {
        ObjectRef object = query.object();
        String scope = object != null && ObjectRef.DEPLOYMENT.equals(object.kind()) ? object.aggregateId() : null;
        Map<String, Fold> folds = new HashMap<>();
        List<AuditEntry> out = new ArrayList<>();
        history.read(scope, e -> {
            AuditEntry entry = folds.computeIfAbsent(e.aggregate(), Fold::new).apply(e);
            if (query.matches(entry)) {
                out.add(entry);
            }
        });
        return List.copyOf(out);
    }

    /** One aggregate's state while its log is read, and the change-cause standing after each event. */
    private static final class Fold {
        private final WorkloadState state;
        private String changeCause;

        Fold(String aggregateId) {
            this.state = new WorkloadState(aggregateId);
        }

        AuditEntry apply(EventEnvelope e) {
            Map<Long, RevisionOutcome> before = state.revisionOutcomes();
            state.apply(e);
            String outcome = outcomeChange(before, state.revisionOutcomes());
            ObjectRef owner = state.object();
            if (ObjectRef.DEPLOYMENT.equals(owner.kind())) {
                Deployment d = state.deployment();
                changeCause = d == null ? changeCause : d.metadata().annotation(WellKnown.CHANGE_CAUSE_ANNOTATION);
            } else {
                ReplicaSet rs = state.replicaSet(owner.name());
                changeCause = rs == null ? changeCause : rs.metadata().annotation(WellKnown.CHANGE_CAUSE_ANNOTATION);
            }
            return new AuditEntry(e, Subjects.subject(e, owner), changeCause, outcome);
        }
    }

    /** The revision outcomes an event gave, as {@code 2 failed, 3 progressing}; null when none. */
    private static String outcomeChange(Map<Long, RevisionOutcome> before, Map<Long, RevisionOutcome> after) {
        if (before.equals(after)) {
            return null;
        }
        StringJoiner changed = new StringJoiner(", ");
        new TreeMap<>(after).forEach((rev, o) -> {
            RevisionOutcome was = before.get(rev);
            if (was == null || !was.outcome().equals(o.outcome())) {
                changed.add(rev + " " + o.outcome());
            }
        });
        return changed.length() == 0 ? null : changed.toString();
    }
}
