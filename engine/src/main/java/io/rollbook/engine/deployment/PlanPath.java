package io.rollbook.engine.deployment;

/** Which branch of the sync loop (A4) a reconcile took. */
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

    /** The name CONTRACT.md section 6 prints. */
    public String wireName() {
        return wireName;
    }
}
