package io.rollbook.projections.history;

import io.rollbook.api.event.CanaryAborted;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.DeploymentDeleted;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.ProgressDeadlineHandled;
import io.rollbook.api.event.ReplicaSetAnnotated;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.projections.objects.Workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The revisions of a Deployment, including those whose ReplicaSet an undo renumbered or history
 * cleanup deleted, bounded: the newest {@link #KEPT} revisions, plus the current revision of every
 * ReplicaSet still there (a {@code revisionHistoryLimit} above {@value #KEPT} keeps them all), so at
 * most {@value #KEPT} plus the live ReplicaSets. An older record leaves the ledger; replay and audit
 * still read it from the log. Fed each envelope of the Deployment's aggregate <em>before</em> the
 * objects fold applies it, so it can compare with the state just before. Not thread-safe.
 */
public final class RevisionLedger {

    /** Revisions kept besides those of live ReplicaSets: ten times the default revisionHistoryLimit. */
    public static final int KEPT = 100;

    private final TreeMap<Long, RevisionRecord> records = new TreeMap<>();
    private String lastSpecCommand;
    private String lastSpecVerb;
    /**
     * The command in which the progress-deadline rule acted or a canary was aborted: a revision it
     * starts is {@link #ruleActor}'s (the controller's, or who aborted), not the command's sender's.
     */
    private String ruleCommand;
    private String ruleActor;

    /** What a checkpoint holds of the ledger. */
    public record Snapshot(List<RevisionRecord> records, String lastSpecCommand, String lastSpecVerb,
                           String ruleCommand, String ruleActor) {
        public Snapshot {
            records = records == null ? List.of() : List.copyOf(records);
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(List.copyOf(records.values()), lastSpecCommand, lastSpecVerb, ruleCommand, ruleActor);
    }

    /** The ledger a {@link #snapshot} was taken of. */
    public static RevisionLedger restore(Snapshot s) {
        RevisionLedger l = new RevisionLedger();
        s.records().forEach(r -> l.records.put(r.revision(), r));
        l.lastSpecCommand = s.lastSpecCommand();
        l.lastSpecVerb = s.lastSpecVerb();
        l.ruleCommand = s.ruleCommand();
        l.ruleActor = s.ruleActor();
        return l;
    }

    /** Observes {@code e}; {@code before} is the aggregate's state before {@code e} is applied. */
    public void observe(EventEnvelope e, WorkloadState before) {
        if (e.data() instanceof ProgressDeadlineHandled) {
            ruleCommand = e.commandId();
            ruleActor = ProgressDeadlineHandled.CONTROLLER;
        } else if (e.data() instanceof CanaryAborted a) {
            ruleCommand = e.commandId(); // the stable revision it restores runs again by the abort's actor
            ruleActor = a.actor();
        } else if (e.data() instanceof DeploymentApplied a) {
            lastSpecCommand = e.commandId();
            lastSpecVerb = a.verb();
        } else if (e.data() instanceof DeploymentDeleted) {
            records.clear(); // a Deployment created again under the name is a new object with new revisions
        } else if (e.data() instanceof ReplicaSetCreated c) {
            ReplicaSet rs = c.replicaSet();
            long revision = c.revision() > 0 ? c.revision()
                    : parse(rs.metadata().annotation(WellKnown.REVISION_ANNOTATION));
            records.put(revision, record(e, revision, rs, rs.metadata().annotations(), null));
            trim();
        } else if (e.data() instanceof ReplicaSetAnnotated a) {
            annotated(e, a, before.replicaSet(a.replicaSet()));
        } else if (e.data() instanceof ReplicaSetDeleted d) {
            records.replaceAll((rev, r) -> r.replicaSet().equals(d.replicaSet()) && r.deletedAt() == null
                    ? r.withDeletedAt(e.time()) : r);
        }
    }

    /** The revisions, ascending, with {@code live} and the outcome set from the aggregate's current state. */
    public List<RevisionRecord> records(Workload now) {
        List<RevisionRecord> out = new ArrayList<>(records.size());
        for (RevisionRecord r : records.values()) {
            boolean live = now.replicaSet(r.replicaSet())
                    .map(rs -> String.valueOf(r.revision())
                            .equals(rs.metadata().annotation(WellKnown.REVISION_ANNOTATION)))
                    .orElse(false);
            out.add(r.withLive(live).withOutcome(now.revisionOutcomes().get(r.revision())));
        }
        return out;
    }

    /**
     * Drops the oldest records beyond {@link #KEPT}, except each live ReplicaSet's newest record
     * (its current revision): 150 revisions, 12 ReplicaSets left by a limit of 11, of which 3 are
     * older than the newest 100: 103 records stay.
     */
    private void trim() {
        if (records.size() <= KEPT) {
            return;
        }
        Map<String, Long> current = new HashMap<>();
        records.forEach((rev, r) -> {
            if (r.deletedAt() == null) {
                current.put(r.replicaSet(), rev);
            }
        });
        Iterator<Map.Entry<Long, RevisionRecord>> oldest = records.entrySet().iterator();
        int over = records.size() - KEPT;
        while (over > 0 && oldest.hasNext()) {
            Map.Entry<Long, RevisionRecord> r = oldest.next();
            if (!r.getKey().equals(current.get(r.getValue().replicaSet()))) {
                oldest.remove();
            }
            over--;
        }
    }

    private void annotated(EventEnvelope e, ReplicaSetAnnotated a, ReplicaSet rs) {
        if (rs == null || a.annotations() == null) {
            return;
        }
        Map<String, String> merged = new LinkedHashMap<>();
        if (rs.metadata().annotations() != null) {
            merged.putAll(rs.metadata().annotations());
        }
        merged.putAll(a.annotations());
        String oldRevision = rs.metadata().annotation(WellKnown.REVISION_ANNOTATION);
        String newRevision = a.annotations().get(WellKnown.REVISION_ANNOTATION);
        if (newRevision != null && !newRevision.equals(oldRevision)) {
            Long from = oldRevision == null ? null : parse(oldRevision);
            long revision = parse(newRevision);
            records.put(revision, record(e, revision, rs, merged, from));
            trim();
        } else if (a.annotations().containsKey(WellKnown.CHANGE_CAUSE_ANNOTATION) && oldRevision != null) {
            records.computeIfPresent(parse(oldRevision), (k, r) -> r.replicaSet().equals(rs.name())
                    ? r.withChangeCause(a.annotations().get(WellKnown.CHANGE_CAUSE_ANNOTATION)) : r);
        }
    }

    /**
     * BY and SOURCE are the command whose events assigned the revision (its type when it wrote the
     * spec); BY is {@code rollbook-controller} when the progress-deadline rule assigned it.
     */
    private RevisionRecord record(EventEnvelope e, long revision, ReplicaSet rs, Map<String, String> annotations,
                                  Long from) {
        String type = e.commandId() != null && Objects.equals(e.commandId(), lastSpecCommand)
                ? CommandTypes.ofVerb(lastSpecVerb) : null;
        List<String> images = rs.spec().template() == null ? List.of()
                : rs.spec().template().spec().containers().stream().map(Container::image).toList();
        String cause = annotations == null ? null : annotations.get(WellKnown.CHANGE_CAUSE_ANNOTATION);
        String actor = e.commandId() != null && e.commandId().equals(ruleCommand) ? ruleActor : e.actor();
        return new RevisionRecord(revision, rs.name(), rs.spec().template(), images, e.time(), actor,
                e.commandId(), type, cause, from, null, false, null, null, null);
    }

    private static long parse(String revision) {
        try {
            return revision == null ? 0 : Long.parseLong(revision);
        } catch (NumberFormatException ex) {
            return 0;
        }
    }
}
