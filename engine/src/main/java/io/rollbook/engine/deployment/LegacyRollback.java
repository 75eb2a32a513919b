package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.engine.deployment.util.Annotations;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.util.List;

/**
 * rollback.go: the controller's own rollback, asked for with the deprecated
 * {@code deprecated.deployment.rollback.to} annotation. Modern kubectl rolls back on the client
 * instead ({@code engine.verbs.DeploymentRollbacker}).
 */
final class LegacyRollback {

    private LegacyRollback() {
    }

    /**
     * rollback.go rollback: revision 0 means the last one before the current (LastRevision); the
     * ReplicaSet of that revision gives its template back (rollbackToTemplate); a revision that does
     * not exist is a warning event. Whatever happens, the annotation is cleared.
     */
    static void rollback(Pass p) {
        NewReplicaSet.Found found = NewReplicaSet.getAllReplicaSetsAndSyncRevision(p, true);
        List<ReplicaSet> all = found.all();
        long target = getRollbackTo(p.d.metadata().annotation(WellKnown.ROLLBACK_TO_ANNOTATION));
        if (target == 0) {
            target = ReplicaSets.lastRevision(all);
            if (target == 0) {
                warn(p, "Unable to find last revision.");
                clear(p);
                return;
            }
        }
        for (ReplicaSet rs : all) {
            Long v = Annotations.revisionOrNull(rs);
            if (v != null && v == target) {
                rollbackToTemplate(p, rs, target);
                return;
            }
        }
        warn(p, "Unable to find the revision to rollback to.");
        clear(p);
    }

    /**
     * rollback.go rollbackToTemplate: the Deployment takes the ReplicaSet's template (without the
     * hash) and annotations (SetDeploymentAnnotationsTo), with event DeploymentRollback; an equal
     * template is a DeploymentRollbackTemplateUnchanged warning instead.
     */
    private static void rollbackToTemplate(Pass p, ReplicaSet rs, long revision) {
        Deployment d = p.d;
        if (!ReplicaSets.equalIgnoreHash(d.spec().template(), rs.spec().template())) {
            var template = ReplicaSets.withoutHash(rs.spec().template());
            var annotations = Annotations.setDeploymentAnnotationsTo(d.metadata().annotations(),
                    rs.metadata().annotations());
            p.d = d.withSpec(d.spec().withTemplate(template))
                    .withMetadata(d.metadata().withAnnotations(annotations));
            p.rolledBackTemplate = template;
            annotations.forEach(p.deploymentAnnotations::put);
            p.events.add(KubeEvent.normal(WellKnown.ROLLBACK_DONE_REASON, // rollback.go emitRollbackNormalEvent
                    "Rolled back deployment \"" + d.metadata().name() + "\" to revision " + revision));
        } else {
            p.events.add(KubeEvent.warning(WellKnown.ROLLBACK_TEMPLATE_UNCHANGED_REASON,
                    "The rollback revision contains the same template as current deployment \""
                            + d.metadata().name() + "\""));
        }
        clear(p);
    }

    /** rollback.go emitRollbackWarningEvent with reason DeploymentRollbackRevisionNotFound. */
    private static void warn(Pass p, String message) {
        p.events.add(KubeEvent.warning(WellKnown.ROLLBACK_REVISION_NOT_FOUND_REASON, message));
    }

    /** rollback.go updateDeploymentAndClearRollbackTo: the annotation is always cleared. */
    private static void clear(Pass p) {
        p.d = p.d.withMetadata(p.d.metadata().withAnnotations(
                Maps.without(p.d.metadata().annotations(), WellKnown.ROLLBACK_TO_ANNOTATION)));
    }

    /** rollback.go getRollbackTo: the revision asked for, 0 (the last one) when it is not a number. */
    private static long getRollbackTo(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
