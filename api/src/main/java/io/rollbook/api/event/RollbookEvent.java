package io.rollbook.api.event;

/**
 * A fact in {@code rollbook.events}. Released events never change shape: add a type, or a field
 * with a default. {@link Events#TYPES} is the catalogue.
 */
public sealed interface RollbookEvent permits DeploymentApplied, DeploymentDeleted, DeploymentAnnotated,
        DeploymentStatusChanged, ConditionChanged, RolloutPaused, RolloutResumed, RolledBack, RolloutCompleted,
        KubeEventRecorded, ReplicaSetApplied, ReplicaSetCreated, ReplicaSetScaled, ReplicaSetAnnotated,
        ReplicaSetRevisionChanged, ReplicaSetStatusChanged, ReplicaSetDeleted, PodCreated, PodStarted, PodReady,
        PodFailed, PodCrashed, PodRestarted, PodTerminating, PodDeleted, WakeUpScheduled, CommandRejected,
        ObjectApplied, ObjectDeleted, ProgressDeadlineHandled, CanaryStepStarted, CanaryPromoted, CanaryAborted,
        CanaryCheckEvaluated {
}
