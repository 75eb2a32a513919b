package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code metadata} of a Kubernetes object: the fields the controller reads and writes. */
@JsonPropertyOrder({"name", "generateName", "namespace", "uid", "resourceVersion", "generation",
        "creationTimestamp", "deletionTimestamp", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields"})
public record ObjectMeta(
        String name,
        String generateName,
        String namespace,
        String uid,
        String resourceVersion,
        Long generation,
        Instant creationTimestamp,
        Instant deletionTimestamp,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<OwnerReference> ownerReferences,
        List<String> finalizers,
        List<ManagedFieldsEntry> managedFields) {

    public ObjectMeta {
        managedFields = managedFields == null || managedFields.isEmpty() ? null : List.copyOf(managedFields);
        labels = Maps.copy(labels);
        annotations = Maps.copy(annotations);
        ownerReferences = Maps.copy(ownerReferences);
        finalizers = Maps.copy(finalizers);
    }

    /** Without managed fields: what every object logged before field managers were recorded has. */
    public ObjectMeta(String name, String generateName, String namespace, String uid, String resourceVersion,
                      Long generation, Instant creationTimestamp, Instant deletionTimestamp, Map<String, String> labels,
                      Map<String, String> annotations, List<OwnerReference> ownerReferences, List<String> finalizers) {
        this(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp,
                labels, annotations, ownerReferences, finalizers, null);
    }

    public static ObjectMeta named(String namespace, String name) {
        return new ObjectMeta(name, null, namespace, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Whether every field but {@code labels} is equal, as {@code equals} would compare them: for
     * comparisons that treat some labels specially (a template's pod-template-hash) without copying.
     */
    public boolean equalsExceptLabels(ObjectMeta o) {
        return this == o || o != null
                && Objects.equals(name, o.name) && Objects.equals(generateName, o.generateName)
                && Objects.equals(namespace, o.namespace) && Objects.equals(uid, o.uid)
                && Objects.equals(resourceVersion, o.resourceVersion) && Objects.equals(generation, o.generation)
                && Objects.equals(creationTimestamp, o.creationTimestamp)
                && Objects.equals(deletionTimestamp, o.deletionTimestamp)
                && Objects.equals(annotations, o.annotations) && Objects.equals(ownerReferences, o.ownerReferences)
                && Objects.equals(finalizers, o.finalizers) && Objects.equals(managedFields, o.managedFields);
    }

    public long generationOrZero() {
        return generation == null ? 0 : generation;
    }

    public String annotation(String key) {
        return annotations == null ? null : annotations.get(key);
    }

    public String label(String key) {
        return labels == null ? null : labels.get(key);
    }

    /** The ownerReference with {@code controller: true}, or null. */
    public OwnerReference controllerRef() {
        if (ownerReferences == null) {
            return null;
        }
        for (OwnerReference r : ownerReferences) {
            if (Boolean.TRUE.equals(r.controller())) {
                return r;
            }
        }
        return null;
    }

    public ObjectMeta withName(String value) {
        return new ObjectMeta(value, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
                deletionTimestamp, labels, annotations, ownerReferences, finalizers, managedFields);
    }

    public ObjectMeta withNamespace(String value) {
        return new ObjectMeta(name, generateName, value, uid, resourceVersion, generation, creationTimestamp,
                deletionTimestamp, labels, annotations, ownerReferences, finalizers, managedFields);
    }

    public ObjectMeta withUid(String value) {
        return new ObjectMeta(name, generateName, namespace, value, resourceVersion, generation, creationTimestamp,
                deletionTimestamp, labels, annotations, ownerReferences, finalizers, managedFields);
    }

    public ObjectMeta withGeneration(Long value) {
        return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, value, creationTimestamp,
                deletionTimestamp, labels, annotations, ownerReferences, finalizers, managedFields);
    }

    public ObjectMeta withCreationTimestamp(Instant value) {
        return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, value,
                deletionTimestamp, labels, annotations, ownerReferences, finalizers, managedFields);
    }

    public ObjectMeta withDeletionTimestamp(Instant value) {
        return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
                value, labels, annotations, ownerReferences, finalizers, managedFields);
    }

    public ObjectMeta withLabels(Map<String, String> value) {
        return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
                deletionTimestamp, value, annotations, ownerReferences, finalizers, managedFields);
    }

    public ObjectMeta withAnnotations(Map<String, String> value) {
        return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
                deletionTimestamp, labels, value, ownerReferences, finalizers, managedFields);
    }

    public ObjectMeta withOwnerReferences(List<OwnerReference> value) {
        return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
                deletionTimestamp, labels, annotations, value, finalizers, managedFields);
    }

    public ObjectMeta withManagedFields(List<ManagedFieldsEntry> value) {
        return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
                deletionTimestamp, labels, annotations, ownerReferences, finalizers, value);
    }
}
