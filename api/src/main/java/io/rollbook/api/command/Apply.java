package io.rollbook.api.command;

import io.rollbook.api.manifest.KubeObject;

import java.util.Objects;

/** {@code kubectl apply -f}: create or update a Deployment or ReplicaSet from its manifest. */
public record Apply(KubeObject manifest) implements CommandPayload {
    public Apply {
        Objects.requireNonNull(manifest, "manifest");
    }
}
