package io.rollbook.api.command;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.KubeObject;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code kubectl apply -f}: create or update a Deployment, a ReplicaSet, a Namespace, a NetworkPolicy or a
 * NetworkAttachmentDefinition from its manifest. The target's kind must be the manifest's.
 *
 * <p>A manifest larger than {@link #MAX_MANIFEST_BYTES} as JSON is refused here, where both the CLI
 * and the engine build the command: Kafka takes records of at most 1 MiB by default, and the events
 * an Apply produces carry the whole spec again, so a bigger one could never be stored and would
 * make the engine retry its batch forever.
 *
 * <p>With {@code serverSide}, the manifest is an applied configuration ({@code kubectl apply
 * --server-side}): the engine merges it into the stored object by the apply rules and records the
 * command's field manager as owning exactly its fields; a field another manager owns with another
 * value is a conflict unless {@code force}. Without it (absent in every command written before
 * server-side apply), the manifest is the whole object, as before.
 */
public record Apply(KubeObject manifest, ServerSide serverSide) implements CommandPayload {

    /** How a server-side apply treats conflicts: {@code force} ({@code --force-conflicts}) takes the fields over. */
    public record ServerSide(boolean force) {
    }

    /** 1 MiB less 16 KiB for the command envelope and the event envelopes around the spec. */
    public static final int MAX_MANIFEST_BYTES = 1024 * 1024 - 16 * 1024;

    public Apply {
        Objects.requireNonNull(manifest, "manifest");
        int bytes = Codec.toJson(manifest).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_MANIFEST_BYTES) {
            String name = manifest.metadata() == null ? null : manifest.metadata().name();
            throw new IllegalArgumentException("the manifest of " + manifest.getClass().getSimpleName()
                    + " \"" + name + "\" is " + bytes + " bytes as JSON; the limit is " + MAX_MANIFEST_BYTES
                    + " bytes (1 MiB less room for the envelope)");
        }
    }

    /** A plain apply: the manifest is the whole object. */
    public Apply(KubeObject manifest) {
        this(manifest, null);
    }
}
