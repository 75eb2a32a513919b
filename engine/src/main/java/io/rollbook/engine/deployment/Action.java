package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.ReplicaSet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change a reconcile makes to a ReplicaSet, in the order the controller makes them, with the
 * reason the controller had at the moment it decided: a line a person reads ({@code rollbook plan}
 * prints it), with the numbers that decided it. Annotations merge: the controller sets keys, it
 * never removes them.
 */
public sealed interface Action {

    /** The ReplicaSet acted on. */
    String replicaSet();

    /** Why, e.g. {@code scale up the new ReplicaSet within maxSurge: 10 + 3 - 11 = 2 more allowed}. */
    String reason();

    /** A new ReplicaSet, with its template, selector, owner and annotations. */
    record Create(ReplicaSet replicaSetObject, int revision, String reason) implements Action {
        public Create {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String replicaSet() {
            return replicaSetObject.name();
        }

        public int replicas() {
            return replicaSetObject.specReplicas();
        }

        public Map<String, String> annotations() {
            return replicaSetObject.metadata().annotations();
        }
    }

    /** {@code spec.replicas} from {@code from} to {@code to}, and the desired/max annotations refreshed. */
    record Scale(String replicaSet, int from, int to, Map<String, String> annotations, String reason)
            implements Action {
        public Scale {
            annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Annotations set (and, when not null, {@code spec.minReadySeconds} synced) without resizing. */
    record Annotate(String replicaSet, Map<String, String> annotations, Integer minReadySeconds, String reason)
            implements Action {
        public Annotate {
            annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** History cleanup deletes an old ReplicaSet with no pods left. */
    record Delete(String replicaSet, String reason) implements Action {
        public Delete {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
