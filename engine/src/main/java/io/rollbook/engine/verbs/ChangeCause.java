package io.rollbook.engine.verbs;

import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.WellKnown;

/**
 * kubectl's {@code --record} (and Rollbook's {@code --cause}): the command's change-cause stored as
 * the object's {@code kubernetes.io/change-cause} annotation, which {@code rollout history} shows.
 */
final class ChangeCause {

    private ChangeCause() {
    }

    /** {@code meta} with the change-cause set, or as it is when the command carries none. */
    static ObjectMeta record(ObjectMeta meta, String cause) {
        return cause == null ? meta
                : meta.withAnnotations(Maps.with(meta.annotations(), WellKnown.CHANGE_CAUSE_ANNOTATION, cause));
    }
}
