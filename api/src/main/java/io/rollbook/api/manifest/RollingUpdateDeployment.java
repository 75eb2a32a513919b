package io.rollbook.api.manifest;

import io.rollbook.api.value.IntOrPercent;

/** {@code spec.strategy.rollingUpdate}. */
public record RollingUpdateDeployment(IntOrPercent maxUnavailable, IntOrPercent maxSurge) {
}
