package io.rollbook.engine.deployment;

/** Which branch of deployment_controller.go syncDeployment a reconcile took. */
public enum PlanPath {
    PAUSED("paused"),
    SCALING("scaling"),
    ROLLOUT_ROLLING("rollout-rolling"),
    ROLLOUT_RECREATE("rollout-recreate"),
    ROLLBACK("rollback"),
    STATUS_ONLY("status-only"),
    SELECTING_ALL("selecting-all");

    private final String wireName;

    PlanPath(String wireName) {
        this.wireName = wireName;
    }

    /** The name {@code rollbook plan -o json} prints as {@code path} (docs/contract.md, "plan"). */
    public String wireName() {
        return wireName;
    }
}
