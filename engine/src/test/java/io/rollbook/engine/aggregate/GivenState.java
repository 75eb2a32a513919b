package io.rollbook.engine.aggregate;

import io.rollbook.engine.controllers.Recorder;
import io.rollbook.api.state.WorkloadState;

import java.time.Instant;

/** The state given commands leave, decided as the aggregate decides them: what each expected event changes. */
final class GivenState {

    private GivenState() {
    }

    static WorkloadState after(WorkloadAggregate.Decider decider, AggregateCommand... given) {
        WorkloadState state = new WorkloadState(given[0].aggregateId());
        for (AggregateCommand c : given) {
            Instant at = c.envelope().issuedAt();
            decider.decide(state, c.envelope(), at, new Recorder(state, at));
        }
        return state;
    }
}
