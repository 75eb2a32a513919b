package io.rollbook.api.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One transition of a Deployment's rollout, as {@code rollbook.rollouts} carries it (keyed by the
 * Deployment's {@code namespace/name}, written in the engine's transaction with the events that
 * made it, so a read_committed subscriber sees each transition exactly once). Version 1.
 *
 * @param version         1
 * @param transition      started, paused, resumed, completed, failed, rolled-back, superseded, step
 * @param reason          a word from {@link #REASONS} for the transition: why it happened
 * @param namespace       the Deployment's namespace
 * @param name            the Deployment's name
 * @param revision        the revision the transition is about (for rolled-back and superseded, the one left)
 * @param relatedRevision started: the revision before; superseded: the newer one; rolled-back: the one
 *                        restored; else null
 * @param newRevision     rolled-back: the revision the restored template runs as; else null
 * @param images          the revision's container images
 * @param actor           who caused it: the command's actor, or {@code rollbook-controller}
 * @param commandId       the command whose batch wrote it
 * @param cause           the change-cause of the revision, or the rule that fired; may be null
 * @param message         the transition in words
 * @param time            the time of the command that caused it (never the engine's clock)
 * @param step            for {@code step}: the canary step entered, from 1 (null past the last one); else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "transition", "reason", "namespace", "name", "revision", "relatedRevision",
        "newRevision", "images", "actor", "commandId", "cause", "message", "time", "step"})
public record RolloutRecord(int version, String transition, String reason, String namespace, String name,
                            long revision, Long relatedRevision, Long newRevision, List<String> images, String actor,
                            String commandId, String cause, String message, Instant time, Integer step) {

    public static final int VERSION = 1;
    public static final String STARTED = "started";
    public static final String PAUSED = "paused";
    public static final String RESUMED = "resumed";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String SUPERSEDED = "superseded";
    /** A canary ({@code rollbook.io/canary-steps}) entered a step, or went past its last one. */
    public static final String STEP = "step";

    /** The deadline rule's reason: Kubernetes' condition reason. */
    public static final String DEADLINE = "ProgressDeadlineExceeded";
    /** A canary stopped by {@code rollout abort}. */
    public static final String ABORT = "Abort";
    /** A canary stopped (or paused) by one of its checks. */
    public static final String CHECK_FAILED = "CanaryCheckFailed";

    /**
     * Every transition with the reasons it can have: for a user's command the command's type, for
     * the controller's own the condition reason. Metrics show every pair from the start, at 0.
     */
    public static final Map<String, List<String>> REASONS = Map.of(
            STARTED, List.of("Apply", "SetImage", "Restart", "Undo", DEADLINE, ABORT, CHECK_FAILED, "Other"),
            PAUSED, List.of("Pause", "Apply", DEADLINE, CHECK_FAILED, "Other"),
            RESUMED, List.of("Resume", "Apply", "Other"),
            COMPLETED, List.of("NewReplicaSetAvailable"),
            FAILED, List.of(DEADLINE, ABORT, CHECK_FAILED),
            ROLLED_BACK, List.of("Undo", DEADLINE, ABORT, CHECK_FAILED, "Other"),
            SUPERSEDED, List.of("NewerRevision"),
            STEP, List.of("Started", "Canary", "Promote"));

    public RolloutRecord {
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A transition that is not a canary step. */
    public RolloutRecord(int version, String transition, String reason, String namespace, String name, long revision,
                         Long relatedRevision, Long newRevision, List<String> images, String actor, String commandId,
                         String cause, String message, Instant time) {
        this(version, transition, reason, namespace, name, revision, relatedRevision, newRevision, images, actor,
                commandId, cause, message, time, null);
    }

    /** The Kafka key: the Deployment's {@code namespace/name}, as on the other topics. */
    public String key() {
        return namespace + "/" + name;
    }
}
