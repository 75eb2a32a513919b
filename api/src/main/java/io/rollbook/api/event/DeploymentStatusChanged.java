package io.rollbook.api.event;

import io.rollbook.api.manifest.DeploymentStatus;

/** The controller wrote a new Deployment status (counts, observedGeneration, conditions). */
public record DeploymentStatusChanged(DeploymentStatus status) implements RollbookEvent {
}
