package io.rollbook.api.state;

import io.rollbook.api.event.ObjectApplied;
import io.rollbook.api.event.ObjectDeleted;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.manifest.KubeObject;

/**
 * What a configuration aggregate (one Namespace, NetworkPolicy or NetworkAttachmentDefinition)
 * knows: the object as stored, or null before it is created and after it is deleted. Changed only
 * by {@link #apply}. Not thread-safe.
 */
public final class ConfigObjectState {

    private KubeObject object;

    /** An independent copy. */
    public ConfigObjectState copy() {
        ConfigObjectState c = new ConfigObjectState();
        c.object = object;
        return c;
    }

    /** The stored object, or null. */
    public KubeObject object() {
        return object;
    }

    /** Evolves the state by one event. Assigns; never decides. */
    public void apply(RollbookEvent event) {
        if (event instanceof ObjectApplied e) {
            object = e.manifest();
        } else if (event instanceof ObjectDeleted) {
            object = null;
        }
    }
}
