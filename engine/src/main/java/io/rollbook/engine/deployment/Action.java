package io.rollbook.engine.deployment;

import io.rollbook.api.manifest.ReplicaSet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One change a reconcile makes to a ReplicaSet, in the order the controller makes them.
 * Annotations merge: the controller sets keys, it never removes them.
 */
public sealed interface Action {

    /** The ReplicaSet acted on. */
    String replicaSet();

    /** A new ReplicaSet, with its template, selector, owner and annotations. */
    record Create(ReplicaSet replicaSetObject, int revision) implements Action {
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
    record Scale(String replicaSet, int from, int to, Map<String, String> annotations) implements Action {
        public Scale {
            annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        }
    }

    /** Annotations set (and, when not null, {@code spec.minReadySeconds} synced) without resizing. */
    record Annotate(String replicaSet, Map<String, String> annotations, Integer minReadySeconds) implements Action {
        public Annotate {
            annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        }
    }

    /** History cleanup deletes an old ReplicaSet with no pods left. */
    record Delete(String replicaSet) implements Action {
    }
}
