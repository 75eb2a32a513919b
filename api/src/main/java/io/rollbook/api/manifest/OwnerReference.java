package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An entry of {@code metadata.ownerReferences}. */
@JsonPropertyOrder({"apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"})
public record OwnerReference(String apiVersion, String kind, String name, String uid, Boolean controller,
                             Boolean blockOwnerDeletion) {

    /** The reference a Deployment puts on the ReplicaSets it creates ({@code metav1.NewControllerRef}). */
    public static OwnerReference controllerOf(String apiVersion, String kind, ObjectMeta owner) {
        return new OwnerReference(apiVersion, kind, owner.name(), owner.uid(), true, true);
    }
}
