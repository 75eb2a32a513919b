package io.rollbook.projections.audit;

import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.objects.Subjects;

import java.time.Instant;
import java.util.Objects;

/**
 * Which events {@code audit} shows. A Deployment selects its whole log (its ReplicaSets' and pods'
 * events included); a ReplicaSet selects a bare ReplicaSet's log, or the events about that
 * ReplicaSet and its pods inside its Deployment's log; a Pod ({@code kind "Pod"}) selects the events
 * about that pod.
 *
 * @param object    null for every object
 * @param namespace null for every namespace; ignored when {@code object} is given (its namespace counts)
 * @param since     null for the whole log; else events at or after it
 */
public record AuditQuery(ObjectRef object, String namespace, Instant since) {

    /** Everything. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null);
    }

    public static AuditQuery of(ObjectRef object) {
        return new AuditQuery(object, null, null);
    }

    public AuditQuery since(Instant value) {
        return new AuditQuery(object, namespace, value);
    }

    public boolean matches(AuditEntry entry) {
        if (since != null && (entry.envelope().time() == null || entry.envelope().time().isBefore(since))) {
            return false;
        }
        ObjectRef owner = entry.owner();
        if (object == null) {
            return namespace == null || namespace.equals(owner.namespace());
        }
        if (!object.namespace().equals(owner.namespace())) {
            return false;
        }
        return switch (object.kind()) {
            case ObjectRef.DEPLOYMENT -> owner.equals(object);
            case ObjectRef.REPLICA_SET -> owner.equals(object) || object.name().equals(
                    Subjects.replicaSetOf(entry.envelope().data()));
            case Subjects.POD -> object.name().equals(Subjects.podOf(entry.envelope().data()));
            default -> Objects.equals(entry.subject(), object);
        };
    }
}
