package io.rollbook.engine.verbs;

import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.engine.apiserver.PodTemplateDefaults;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.util.List;

/**
 * Which form of a written template is stored. A template that is semantically the one already
 * stored, or one of the Deployment's ReplicaSets', once both have the API server's defaults, is
 * stored in that existing form: re-applying a manifest to a Deployment logged by an older Rollbook
 * (whose templates have no defaults) is {@code unchanged}, and kubectl's {@code rollout undo},
 * which sends the old ReplicaSet's template back as Go serialises it ({@code resources: {}}),
 * writes exactly the template {@code rollbook rollout undo} writes, so the log reads the same
 * whichever client undid.
 */
final class StoredTemplates {

    private StoredTemplates() {
    }

    /** {@code written} (already defaulted), or the equivalent {@code current} or ReplicaSet template. */
    static PodTemplateSpec canonical(PodTemplateSpec written, PodTemplateSpec current, List<ReplicaSet> replicaSets) {
        if (current != null && PodTemplateDefaults.equivalent(written, current)) {
            return current;
        }
        for (ReplicaSet rs : replicaSets) {
            if (ReplicaSets.equalIgnoreHash(rs.spec().template(), written)) {
                return ReplicaSets.withoutHash(rs.spec().template());
            }
        }
        return written;
    }
}
