package io.rollbook.projections.audit;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.objects.Subjects;

/**
 * One event of the audit trail.
 *
 * @param subject     the object the event is about (Deployment, ReplicaSet or Pod)
 * @param changeCause the {@code kubernetes.io/change-cause} of the aggregate's object just after the
 *                    event (the cause the command recorded, or the one still standing), or null
 * @param outcome     the revision outcomes the event gave ({@code 2 failed}), as the history's OUTCOME
 *                    column shows them; null when it gave none
 */
public record AuditEntry(EventEnvelope envelope, ObjectRef subject, String changeCause, String outcome) {

    public static AuditEntry of(EventEnvelope envelope, String changeCause) {
        return new AuditEntry(envelope, Subjects.subject(envelope), changeCause, null);
    }

    /** The Deployment or bare ReplicaSet whose log holds the event. */
    public ObjectRef owner() {
        return Subjects.aggregate(envelope.aggregate());
    }
}
