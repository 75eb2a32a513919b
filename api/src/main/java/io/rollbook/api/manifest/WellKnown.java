package io.rollbook.api.manifest;

import java.util.Set;

/**
 * The names Kubernetes gives a meaning to, in one place: annotation and label keys, pod phases,
 * condition types, statuses and reasons, and the reasons of the events the Deployment controller
 * records. Each constant says whose name it is (the upstream identifier in parentheses), so a
 * reader who knows Kubernetes finds it by that name.
 */
public final class WellKnown {

    // Annotations the Deployment controller keeps on Deployments and ReplicaSets (deployment_util.go)

    /** The revision of a ReplicaSet, and on the Deployment that of its new ReplicaSet (RevisionAnnotation). */
    public static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
    /** Earlier numbers of a ReplicaSet that became new again, comma-separated (RevisionHistoryAnnotation). */
    public static final String REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
    /** spec.replicas of the Deployment when the ReplicaSet was last sized (DesiredReplicasAnnotation). */
    public static final String DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
    /** replicas + maxSurge when the ReplicaSet was last sized (MaxReplicasAnnotation). */
    public static final String MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
    /** The legacy rollback request the controller itself carries out (extensions/v1beta1 DeprecatedRollbackTo). */
    public static final String ROLLBACK_TO_ANNOTATION = "deprecated.deployment.rollback.to";

    // Annotations kubectl writes

    /** What {@code kubectl apply} last applied (v1.LastAppliedConfigAnnotation). */
    public static final String LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
    /** The command line recorded with {@code --record}, shown by {@code rollout history} (ChangeCauseAnnotation). */
    public static final String CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";
    /** The pod-template annotation {@code kubectl rollout restart} sets to now, in RFC 3339. */
    public static final String RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

    // Rollbook's own annotations (rollbook.io): upstream has none of these

    /**
     * What the engine does when a rollout of this Deployment exceeds its progress deadline:
     * {@code rollback}, {@code pause} or {@code notify}; without it, nothing (as upstream).
     */
    public static final String ON_PROGRESS_DEADLINE_ANNOTATION = "rollbook.io/on-progress-deadline";
    /** A Deployment's canary steps (Rollbook's strategy on a RollingUpdate Deployment; see api.canary.CanarySteps). */
    public static final String CANARY_STEPS_ANNOTATION = "rollbook.io/canary-steps";
    /**
     * The controller's: the canary weight in force, in percent of spec.replicas (100 once the canary
     * is over). The RollingUpdate caps the new ReplicaSet by it; never copied to ReplicaSets.
     */
    public static final String CANARY_WEIGHT_ANNOTATION = "rollbook.io/canary-weight";
    /**
     * The controller's: where the canary is, in words: {@code step 3 of 6 (pause: {duration: 30s}): asked
     * 20% (2 of 10 pods), reached 20% (2 of 10 ready pods are new)}; after it, how it ended.
     */
    public static final String CANARY_STATUS_ANNOTATION = "rollbook.io/canary-status";
    /**
     * The controller's: the share of ready pods that run the Deployment's template, in whole percent
     * (floor), the weight reached rather than the one asked. Written once the Deployment had a canary.
     */
    public static final String CANARY_REACHED_ANNOTATION = "rollbook.io/canary-reached";
    /** The controller's own canary annotations, never copied to ReplicaSets and kept by a later apply. */
    public static final Set<String> CANARY_CONTROLLER_ANNOTATIONS = Set.of(
            CANARY_WEIGHT_ANNOTATION, CANARY_STATUS_ANNOTATION, CANARY_REACHED_ANNOTATION);
    /** How a revision ended, on the ReplicaSets {@code rollout history -o json|yaml} prints (never stored). */
    public static final String REVISION_OUTCOME_ANNOTATION = "rollbook.io/revision-outcome";

    // Annotations of Multus (k8s.cni.cncf.io)

    /** The secondary networks a pod asks for (NetworkAttachmentAnnot). */
    public static final String NETWORKS_ANNOTATION = "k8s.v1.cni.cncf.io/networks";
    /** The interfaces a pod got, written by Multus (NetworkStatusAnnot). */
    public static final String NETWORK_STATUS_ANNOTATION = "k8s.v1.cni.cncf.io/network-status";

    // Labels and namespaces

    /** The label that ties a ReplicaSet and its pods to one template (DefaultDeploymentUniqueLabelKey). */
    public static final String POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
    /** The label the API server sets on every namespace, since 1.21 (LabelMetadataName). */
    public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    /** The namespace of a request that names none (NamespaceDefault). */
    public static final String DEFAULT_NAMESPACE = "default";

    // Pod phases (v1.PodPhase) and the pod condition that counts for availability

    public static final String POD_PENDING = "Pending";
    public static final String POD_RUNNING = "Running";
    public static final String POD_SUCCEEDED = "Succeeded";
    public static final String POD_FAILED = "Failed";
    /** The pod condition type (v1.PodReady). */
    public static final String POD_READY = "Ready";

    // Condition statuses (v1.ConditionStatus)

    public static final String CONDITION_TRUE = "True";
    public static final String CONDITION_FALSE = "False";
    public static final String CONDITION_UNKNOWN = "Unknown";

    // Condition types (apps.DeploymentConditionType, apps.ReplicaSetConditionType)

    /** At least replicas − maxUnavailable pods are available (DeploymentAvailable). */
    public static final String DEPLOYMENT_AVAILABLE = "Available";
    /** The rollout moves, is complete, or has timed out (DeploymentProgressing). */
    public static final String DEPLOYMENT_PROGRESSING = "Progressing";
    /** A ReplicaSet could not create or delete pods (DeploymentReplicaFailure). */
    public static final String DEPLOYMENT_REPLICA_FAILURE = "ReplicaFailure";
    /** The ReplicaSet's own failure condition, copied onto the Deployment (ReplicaSetReplicaFailure). */
    public static final String REPLICA_SET_REPLICA_FAILURE = "ReplicaFailure";

    // Reasons of the Deployment's conditions (deployment_util.go)

    /** Progressing: the pass created the new ReplicaSet (NewReplicaSetReason). */
    public static final String NEW_RS_REASON = "NewReplicaSetCreated";
    /** Progressing: the new ReplicaSet existed already (FoundNewRSReason). */
    public static final String FOUND_NEW_RS_REASON = "FoundNewReplicaSet";
    /** Progressing: the rollout is complete (NewRSAvailableReason). */
    public static final String NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable";
    /** Progressing: a sign of progress since the last pass (ReplicaSetUpdatedReason). */
    public static final String RS_UPDATED_REASON = "ReplicaSetUpdated";
    /** Progressing False: no progress within progressDeadlineSeconds (TimedOutReason). */
    public static final String TIMED_OUT_REASON = "ProgressDeadlineExceeded";
    /** Progressing Unknown: the Deployment was paused (PausedDeployReason). */
    public static final String PAUSED_DEPLOY_REASON = "DeploymentPaused";
    /** Progressing Unknown: the Deployment was resumed (ResumedDeployReason). */
    public static final String RESUMED_DEPLOY_REASON = "DeploymentResumed";
    /** Available True (MinimumReplicasAvailable). */
    public static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
    /** Available False (MinimumReplicasUnavailable). */
    public static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";

    // Events the Deployment controller records (v1.EventTypeNormal/Warning and their reasons)

    public static final String EVENT_NORMAL = "Normal";
    public static final String EVENT_WARNING = "Warning";
    /** A ReplicaSet was resized (sync.go scaleReplicaSet). */
    public static final String SCALING_REPLICA_SET_REASON = "ScalingReplicaSet";
    /** The Deployment's selector is empty (deployment_controller.go syncDeployment). */
    public static final String SELECTING_ALL_REASON = "SelectingAll";
    /** The legacy rollback restored a revision (RollbackDone). */
    public static final String ROLLBACK_DONE_REASON = "DeploymentRollback";
    /** The legacy rollback's revision has the current template (RollbackTemplateUnchanged). */
    public static final String ROLLBACK_TEMPLATE_UNCHANGED_REASON = "DeploymentRollbackTemplateUnchanged";
    /** The legacy rollback's revision does not exist (RollbackRevisionNotFound). */
    public static final String ROLLBACK_REVISION_NOT_FOUND_REASON = "DeploymentRollbackRevisionNotFound";

    private WellKnown() {
    }
}
