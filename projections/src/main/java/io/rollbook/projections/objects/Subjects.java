package io.rollbook.projections.objects;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.PodCreated;
import io.rollbook.api.event.PodDeleted;
import io.rollbook.api.event.PodCrashed;
import io.rollbook.api.event.PodFailed;
import io.rollbook.api.event.PodRestarted;
import io.rollbook.api.event.PodReady;
import io.rollbook.api.event.PodStarted;
import io.rollbook.api.event.PodTerminating;
import io.rollbook.api.event.ReplicaSetAnnotated;
import io.rollbook.api.event.ReplicaSetCreated;
import io.rollbook.api.event.ReplicaSetDeleted;
import io.rollbook.api.event.ReplicaSetRevisionChanged;
import io.rollbook.api.event.ReplicaSetScaled;
import io.rollbook.api.event.ReplicaSetStatusChanged;
import io.rollbook.api.event.RollbookEvent;
import io.rollbook.api.value.ObjectRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Which objects an event is about. The aggregate id names the Deployment ({@code ns/name}), the
 * bare ReplicaSet ({@code ns/replicasets/name}) or a configuration object ({@code ns/networkpolicies/name},
 * ...: see {@link ObjectRef#aggregateId()}); ReplicaSet and pod events name their object inside it.
 */
public final class Subjects {

    /** The kind ObjectRef uses for pods (ObjectRef has constants for the two workload kinds only). */
    public static final String POD = "Pod";

    private Subjects() {
    }

    /** The Deployment, bare ReplicaSet or configuration object an aggregate id names. */
    public static ObjectRef aggregate(String aggregateId) {
        return ObjectRef.ofAggregate(aggregateId);
    }

    /** The object the event is about: its pod, its ReplicaSet, or else the aggregate's object. */
    public static ObjectRef subject(EventEnvelope e) {
        return subject(e, aggregate(e.aggregate()));
    }

    /** {@link #subject(EventEnvelope)} when the caller knows the aggregate's object already. */
    public static ObjectRef subject(EventEnvelope e, ObjectRef owner) {
        String pod = podOf(e.data());
        if (pod != null) {
            return new ObjectRef(POD, owner.namespace(), pod);
        }
        String rs = replicaSetOf(e.data());
        return rs == null ? owner : ObjectRef.replicaSet(owner.namespace(), rs);
    }

    /** Every object whose last-event time the event moves: the subject, a pod's ReplicaSet, the aggregate. */
    public static List<ObjectRef> touched(EventEnvelope e) {
        return touched(e, aggregate(e.aggregate()));
    }

    /** {@link #touched(EventEnvelope)} when the caller knows the aggregate's object already. */
    public static List<ObjectRef> touched(EventEnvelope e, ObjectRef owner) {
        List<ObjectRef> out = new ArrayList<>(3);
        out.add(owner);
        String rs = replicaSetOf(e.data());
        if (rs != null && !(ObjectRef.REPLICA_SET.equals(owner.kind()) && rs.equals(owner.name()))) {
            out.add(ObjectRef.replicaSet(owner.namespace(), rs));
        }
        String pod = podOf(e.data());
        if (pod != null) {
            out.add(new ObjectRef(POD, owner.namespace(), pod));
        }
        return out;
    }

    /** kubectl's way of naming an object: {@code deployment.apps/x}, {@code replicaset.apps/x}, {@code pod/x}. */
    public static String display(ObjectRef ref) {
        return switch (ref.kind()) {
            case ObjectRef.DEPLOYMENT -> "deployment.apps/" + ref.name();
            case ObjectRef.REPLICA_SET -> "replicaset.apps/" + ref.name();
            case POD -> "pod/" + ref.name();
            default -> ref.isConfig() ? ref.kubectlName() : ref.kind().toLowerCase() + "/" + ref.name();
        };
    }

    /** The ReplicaSet an event names (pod events name their owner), or null. */
    public static String replicaSetOf(RollbookEvent event) {
        if (event instanceof ReplicaSetCreated e) {
            return e.replicaSet().name();
        } else if (event instanceof ReplicaSetScaled e) {
            return e.replicaSet();
        } else if (event instanceof ReplicaSetAnnotated e) {
            return e.replicaSet();
        } else if (event instanceof ReplicaSetStatusChanged e) {
            return e.replicaSet();
        } else if (event instanceof ReplicaSetDeleted e) {
            return e.replicaSet();
        } else if (event instanceof ReplicaSetRevisionChanged e) {
            return e.replicaSet();
        } else if (event instanceof PodCreated e) {
            return e.replicaSet();
        } else if (event instanceof PodStarted e) {
            return e.replicaSet();
        } else if (event instanceof PodReady e) {
            return e.replicaSet();
        } else if (event instanceof PodFailed e) {
            return e.replicaSet();
        } else if (event instanceof PodCrashed e) {
            return e.replicaSet();
        } else if (event instanceof PodRestarted e) {
            return e.replicaSet();
        } else if (event instanceof PodTerminating e) {
            return e.replicaSet();
        } else if (event instanceof PodDeleted e) {
            return e.replicaSet();
        }
        return null;
    }

    /** The pod an event names, or null. */
    public static String podOf(RollbookEvent event) {
        if (event instanceof PodCreated e) {
            return e.pod();
        } else if (event instanceof PodStarted e) {
            return e.pod();
        } else if (event instanceof PodReady e) {
            return e.pod();
        } else if (event instanceof PodFailed e) {
            return e.pod();
        } else if (event instanceof PodCrashed e) {
            return e.pod();
        } else if (event instanceof PodRestarted e) {
            return e.pod();
        } else if (event instanceof PodTerminating e) {
            return e.pod();
        } else if (event instanceof PodDeleted e) {
            return e.pod();
        }
        return null;
    }
}
