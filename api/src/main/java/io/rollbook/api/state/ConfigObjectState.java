package io.rollbook.api.state;

import io.rollbook.api.codec.ManifestException;
import io.rollbook.api.event.ObjectApplied;
import io.rollbook.api.event.ObjectDeleted;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.manifest.KubeObject;

/**
 * What a configuration aggregate (one Namespace, NetworkPolicy or NetworkAttachmentDefinition)
 * knows: the object as stored, or null before it is created and after it is deleted. Changed only
 * by {@link #apply}: the one fold of these events, for the engine and the projections alike. An
 * object this version cannot read (a kind it does not know) folds as absent, never as an error.
 * Not thread-safe.
 */
public final class ConfigObjectState {

    private KubeObject object;

    /** An independent copy. */
    public ConfigObjectState copy() {
        ConfigObjectState c = new ConfigObjectState();
        c.object = object;
        return c;
    }

    /** A state holding {@code object} (null: none), as a snapshot restores it. */
    public static ConfigObjectState of(KubeObject object) {
        ConfigObjectState c = new ConfigObjectState();
        c.object = object;
        return c;
    }

    /** The stored object, or null. */
    public KubeObject object() {
        return object;
    }

    /** Evolves the state by one event; events of workloads change nothing. Assigns; never decides, never throws. */
    public void apply(RollbookEvent event) {
        if (event instanceof ObjectApplied e) {
            try {
                object = e.manifest();
            } catch (ManifestException unreadable) {
                object = null; // not a kind this reader knows
            }
        } else if (event instanceof ObjectDeleted) {
            object = null;
        }
    }
}
