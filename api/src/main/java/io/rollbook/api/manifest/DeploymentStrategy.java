package io.rollbook.api.manifest;

/** {@code spec.strategy}: {@code RollingUpdate} (with its parameters) or {@code Recreate}. */
public record DeploymentStrategy(String type, RollingUpdateDeployment rollingUpdate) {

    public static final String ROLLING_UPDATE = "RollingUpdate";
    public static final String RECREATE = "Recreate";

    public boolean isRollingUpdate() {
        return ROLLING_UPDATE.equals(type);
    }

    public boolean isRecreate() {
        return RECREATE.equals(type);
    }
}
