package io.rollbook.api.command;

/**
 * {@code kubectl delete pod}: one pod of the target (the Deployment or bare ReplicaSet owning it)
 * begins terminating, and its ReplicaSet's controller replaces it, as upstream's does.
 *
 * @param pod the pod's name
 */
public record DeletePod(String pod) implements CommandPayload {

    public DeletePod {
        if (pod == null || pod.isBlank()) {
            throw new IllegalArgumentException("missing field \"payload.pod\"");
        }
    }
}
