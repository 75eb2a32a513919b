package io.rollbook.api.manifest;

/** {@code spec.template}: the pods a ReplicaSet makes. */
public record PodTemplateSpec(ObjectMeta metadata, PodSpec spec) {

    public PodTemplateSpec {
        metadata = metadata == null ? ObjectMeta.named(null, null) : metadata;
        spec = spec == null ? new PodSpec(null, null, null) : spec;
    }

    public PodTemplateSpec withMetadata(ObjectMeta value) {
        return new PodTemplateSpec(value, spec);
    }

    public PodTemplateSpec withSpec(PodSpec value) {
        return new PodTemplateSpec(metadata, value);
    }
}
