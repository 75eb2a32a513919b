package io.rollbook.api.event;

import java.util.Map;

/** The controller set annotations on the Deployment (e.g. deployment.kubernetes.io/revision). Merged, never removed. */
public record DeploymentAnnotated(Map<String, String> annotations) implements RollbookEvent {
}
