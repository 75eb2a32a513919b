package io.rollbook.api.manifest;

/**
 * A networking object Rollbook stores and evaluates but does not reconcile: the
 * {@code networking.k8s.io/v1 NetworkPolicy} and the Multus {@code k8s.cni.cncf.io/v1
 * NetworkAttachmentDefinition}, both in {@code io.rollbook.api.manifest.networking}.
 *
 * <p>Non-sealed only because Java lets a sealed type outside a named module permit subtypes of its
 * own package alone; the implementations are the two records named above.
 */
public non-sealed interface NetworkingObject extends KubeObject {
}
