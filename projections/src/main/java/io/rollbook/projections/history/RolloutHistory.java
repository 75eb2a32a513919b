package io.rollbook.projections.history;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.OwnerReference;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.projections.text.Printed;
import io.rollbook.projections.text.TabWriter;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code kubectl rollout history}: kubectl's DeploymentHistoryViewer over the live
 * ReplicaSets the Deployment controls, plus Rollbook's {@code -o wide} view over every revision
 * the log holds ({@link RevisionLedger}).
 */
public final class RolloutHistory {

    static final String NO_HISTORY = "No rollout history found.";

    private RolloutHistory() {
    }

    /**
     * The output of {@code rollout history deployment/NAME [--revision=N]}.
     *
     * @param replicaSets the Deployment's ReplicaSets; only those it controls (owner uid) count
     * @param revision    {@code --revision}: 0 for the table
     */
    public static Printed render(Deployment d, List<ReplicaSet> replicaSets, long revision) {
        if (revision < 0) {
            return Printed.error("revision must be a positive integer: " + revision);
        }
        TreeMap<Long, PodTemplateSpec> history = history(d, replicaSets);
        String body;
        if (history.isEmpty()) {
            body = NO_HISTORY;
        } else if (revision > 0) {
            PodTemplateSpec template = history.get(revision);
            if (template == null) {
                return Printed.error("unable to find the specified revision");
            }
            body = PodTemplateDescriber.describe(template);
        } else {
            TabWriter table = TabWriter.forDescribe().row("REVISION", "CHANGE-CAUSE");
            history.forEach((rev, template) -> table.row(Long.toString(rev), orNone(cause(template))));
            body = table.render();
        }
        return Printed.out(header(d.metadata().name(), revision) + body + "\n");
    }

    /**
     * {@code -o wide}: REVISION IMAGE CREATED BY CHANGE-CAUSE SOURCE OUTCOME for every revision ever
     * assigned; OUTCOME is how the revision ended ({@link io.rollbook.api.state.RevisionOutcome}).
     */
    public static Printed renderWide(String name, List<RevisionRecord> records) {
        if (records.isEmpty()) {
            return Printed.out(header(name, 0) + NO_HISTORY + "\n");
        }
        TabWriter table = TabWriter.forDescribe().row("REVISION", "IMAGE", "CREATED", "BY", "CHANGE-CAUSE", "SOURCE",
                "OUTCOME");
        for (RevisionRecord r : records) {
            table.row(Long.toString(r.revision()), r.images().isEmpty() ? "<none>" : String.join(",", r.images()),
                    r.createdAt() == null ? "<unknown>" : r.createdAt().toString(), orNone(r.actor()),
                    orNone(r.changeCause()), r.source(), orNone(r.outcome()));
        }
        return Printed.out(header(name, 0) + table.render() + "\n");
    }

    /** {@code --revision=N -o wide}: the template of any revision the log holds, even one cleaned up. */
    public static Printed renderRecord(String name, List<RevisionRecord> records, long revision) {
        if (revision < 0) {
            return Printed.error("revision must be a positive integer: " + revision);
        }
        for (RevisionRecord r : records) {
            if (r.revision() == revision) {
                PodTemplateSpec template = withCause(r.template(), r.changeCause());
                return Printed.out(header(name, revision) + PodTemplateDescriber.describe(template) + "\n");
            }
        }
        return records.isEmpty() ? Printed.out(header(name, revision) + NO_HISTORY + "\n")
                : Printed.error("unable to find the specified revision");
    }

    /** kubectl's name printer: {@code deployment.apps/NAME } (trailing space) or {@code … with revision #N}. */
    static String header(String name, long revision) {
        return "deployment.apps/" + name + (revision > 0 ? " with revision #" + revision : " ") + "\n";
    }

    /** Revision → template (with the ReplicaSet's change-cause merged into its annotations, as kubectl does). */
    private static TreeMap<Long, PodTemplateSpec> history(Deployment d, List<ReplicaSet> replicaSets) {
        TreeMap<Long, PodTemplateSpec> history = new TreeMap<>();
        for (ReplicaSet rs : replicaSets) {
            if (!controlledBy(rs, d)) {
                continue;
            }
            String value = rs.metadata().annotation(WellKnown.REVISION_ANNOTATION);
            long revision;
            try {
                revision = value == null ? 0 : Long.parseLong(value); // Go's Revision(): missing is 0
            } catch (NumberFormatException e) {
                continue; // kubectl logs a warning and skips it
            }
            history.put(revision, withCause(rs.spec().template(),
                    rs.metadata().annotation(WellKnown.CHANGE_CAUSE_ANNOTATION)));
        }
        return history;
    }

    static boolean controlledBy(ReplicaSet rs, Deployment d) {
        OwnerReference ref = rs.metadata().controllerRef();
        if (ref == null) {
            return false;
        }
        String uid = d.metadata().uid();
        return uid == null || ref.uid() == null ? d.metadata().name().equals(ref.name()) : uid.equals(ref.uid());
    }

    private static PodTemplateSpec withCause(PodTemplateSpec template, String cause) {
        PodTemplateSpec t = template == null ? new PodTemplateSpec(null, null) : template;
        if (cause == null || cause.isEmpty()) {
            return t;
        }
        Map<String, String> annotations = Maps.with(t.metadata().annotations(), WellKnown.CHANGE_CAUSE_ANNOTATION,
                cause);
        return t.withMetadata(t.metadata().withAnnotations(annotations));
    }

    private static String cause(PodTemplateSpec template) {
        return template.metadata().annotation(WellKnown.CHANGE_CAUSE_ANNOTATION);
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }
}
