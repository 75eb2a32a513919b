package io.rollbook.api.event;

import io.rollbook.api.manifest.Deployment;

/**
 * The Deployment's desired state was written: by apply, or by a verb that changes the spec (scale,
 * set image, pause, resume, undo, restart). {@code deployment} is the whole object with defaults
 * applied (its metadata.generation is the new generation; status omitted).
 *
 * @param verb what wrote it: created, configured, scaled, image-updated, paused, resumed, rolled-back, restarted
 */
public record DeploymentApplied(Deployment deployment, String verb) implements RollbookEvent {
}
