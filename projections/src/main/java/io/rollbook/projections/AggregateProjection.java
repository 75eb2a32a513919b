package io.rollbook.projections;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.history.RevisionLedger;
import io.rollbook.projections.objects.WorkloadFold;

import java.util.ArrayList;
import java.util.List;

/** One aggregate's read models: its objects, its revision ledger and its whole log (for replay). */
final class AggregateProjection {

    final WorkloadFold fold;
    final RevisionLedger ledger = new RevisionLedger();
    final List<EventEnvelope> log = new ArrayList<>();
    private String changeCause;

    AggregateProjection(String aggregateId) {
        this.fold = new WorkloadFold(aggregateId);
    }

    /** Folds {@code e} into every model; returns the object's change-cause just after it (for the audit). */
    String apply(EventEnvelope e) {
        ledger.observe(e, fold);
        fold.apply(e);
        log.add(e);
        if (ObjectRef.DEPLOYMENT.equals(fold.object().kind())) {
            Deployment d = fold.deployment();
            changeCause = d == null ? changeCause : d.metadata().annotation(WellKnown.CHANGE_CAUSE_ANNOTATION);
        } else {
            ReplicaSet rs = fold.replicaSet(fold.object().name());
            changeCause = rs == null ? changeCause : rs.metadata().annotation(WellKnown.CHANGE_CAUSE_ANNOTATION);
        }
        return changeCause;
    }
}
