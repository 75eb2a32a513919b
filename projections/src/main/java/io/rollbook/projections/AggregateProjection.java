package io.rollbook.projections;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.state.PodState;
import io.rollbook.api.state.RevisionOutcome;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.history.RevisionLedger;
import io.rollbook.projections.objects.PodView;
import io.rollbook.projections.objects.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One aggregate's read models: its objects (the one fold, {@link WorkloadState}), its revision
 * ledger and its whole log (for replay).
 */
final class AggregateProjection {

    final WorkloadState state;
    final RevisionLedger ledger = new RevisionLedger();
    final List<EventEnvelope> log = new ArrayList<>();
    private String changeCause;
    private String outcomeChange;

    AggregateProjection(String aggregateId) {
        this.state = new WorkloadState(aggregateId);
    }

    ObjectRef object() {
        return state.object();
    }

    /** Folds {@code e} into every model; returns the object's change-cause just after it (for the audit). */
    String apply(EventEnvelope e) {
        ledger.observe(e, state);
        Map<Long, RevisionOutcome> before = state.revisionOutcomes();
        state.apply(e);
        outcomeChange = outcomeChange(before, state.revisionOutcomes());
        log.add(e);
        if (ObjectRef.DEPLOYMENT.equals(object().kind())) {
            Deployment d = state.deployment();
            changeCause = d == null ? changeCause : d.metadata().annotation(WellKnown.CHANGE_CAUSE_ANNOTATION);
        } else {
            ReplicaSet rs = state.replicaSet(object().name());
            changeCause = rs == null ? changeCause : rs.metadata().annotation(WellKnown.CHANGE_CAUSE_ANNOTATION);
        }
        return changeCause;
    }

    /** The revision outcomes the last event applied gave, as {@code 2 failed, 3 progressing}; null when none. */
    String outcomeChange() {
        return outcomeChange;
    }

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

    /** The pods, in creation order, as printed. */
    List<PodView> pods() {
        String namespace = object().namespace();
        List<PodView> pods = new ArrayList<>();
        for (PodState p : state.pods()) {
            pods.add(PodView.of(p, namespace));
        }
        return pods;
    }

    Workload snapshot() {
        return Workload.of(state);
    }
}
