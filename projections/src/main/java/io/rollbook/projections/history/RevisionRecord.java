package io.rollbook.projections.history;

import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.state.RevisionOutcome;

import java.time.Instant;
import java.util.List;

/**
 * One revision of a Deployment as the log tells it, kept after its ReplicaSet is renumbered by an
 * undo or deleted by history cleanup.
 *
 * @param replicaSet      the ReplicaSet that carried the revision
 * @param template        that ReplicaSet's pod template (with its pod-template-hash label)
 * @param createdAt       when the revision was assigned: the ReplicaSet's creation, or its renumbering
 * @param actor           who issued the command that assigned it
 * @param commandId       that command's id
 * @param commandType     its type (Apply, SetImage, Undo, ...) when the log shows it, else null
 * @param changeCause     the ReplicaSet's {@code kubernetes.io/change-cause} while it held this revision
 * @param reactivatedFrom the revision an undo renumbered into this one, or null
 * @param deletedAt       when its ReplicaSet was deleted, or null
 * @param live            a live ReplicaSet holds this revision now (what {@code rollout history} lists)
 * @param outcome         how it ended: progressing, complete, failed, superseded, rolled-back; null when unknown
 * @param outcomeAt       when it got that outcome, or null
 * @param outcomeReason   why, in words, or null
 */
public record RevisionRecord(long revision, String replicaSet, PodTemplateSpec template, List<String> images,
                             Instant createdAt, String actor, String commandId, String commandType,
                             String changeCause, Long reactivatedFrom, Instant deletedAt, boolean live,
                             String outcome, Instant outcomeAt, String outcomeReason) {

    public RevisionRecord {
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** SOURCE: {@code Type/commandId}, the id alone when the type is unknown, {@code <none>} without either. */
    public String source() {
        if (commandId == null) {
            return commandType == null ? "<none>" : commandType;
        }
        return commandType == null ? commandId : commandType + "/" + commandId;
    }

    RevisionRecord withChangeCause(String value) {
        return new RevisionRecord(revision, replicaSet, template, images, createdAt, actor, commandId, commandType,
                value, reactivatedFrom, deletedAt, live, outcome, outcomeAt, outcomeReason);
    }

    RevisionRecord withDeletedAt(Instant value) {
        return new RevisionRecord(revision, replicaSet, template, images, createdAt, actor, commandId, commandType,
                changeCause, reactivatedFrom, value, live, outcome, outcomeAt, outcomeReason);
    }

    RevisionRecord withLive(boolean value) {
        return new RevisionRecord(revision, replicaSet, template, images, createdAt, actor, commandId, commandType,
                changeCause, reactivatedFrom, deletedAt, value, outcome, outcomeAt, outcomeReason);
    }

    RevisionRecord withOutcome(RevisionOutcome o) {
        return o == null ? this : new RevisionRecord(revision, replicaSet, template, images, createdAt, actor,
                commandId, commandType, changeCause, reactivatedFrom, deletedAt, live, o.outcome(), o.at(), o.reason());
    }
}
