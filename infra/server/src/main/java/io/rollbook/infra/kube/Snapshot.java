package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.KubeEventRecorded;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.objects.PodView;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every object served, read from the projections as the API server's JSON (kind, apiVersion,
 * metadata as stored, status), keyed by resource, namespace and name; resourceVersion is left to
 * {@link ObjectLog}. Events are the controller's {@code KubeEventRecorded} entries of each
 * Deployment's log, as v1 Events involving that Deployment.
 */
final class Snapshot {

    /** Identity of an object across snapshots. */
    record Key(Resource resource, String namespace, String name) {
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** {@code default} always exists, as on a real cluster; its time is fixed so it never looks changed. */
    private static final Instant DEFAULT_NAMESPACE_CREATED = Instant.parse("2025-01-01T00:00:00Z");

    private Snapshot() {
    }

    static Map<Key, ObjectNode> read(ProjectionStore store) {
        Map<Key, ObjectNode> out = new LinkedHashMap<>();
        for (Deployment d : store.deployments(null)) {
            put(out, Resource.DEPLOYMENTS, d);
            events(store, d, out);
        }
        store.replicaSets(null).forEach(rs -> put(out, Resource.REPLICASETS, rs));
        for (PodView p : store.pods(null)) {
            put(out, Resource.PODS, p.toPod());
        }
        ObjectNode defaultNs = F.objectNode().put("apiVersion", "v1").put("kind", "Namespace");
        defaultNs.putObject("metadata").put("name", "default").put("uid", "default-namespace")
                .put("creationTimestamp", DEFAULT_NAMESPACE_CREATED.toString());
        defaultNs.putObject("status").put("phase", "Active");
        out.put(new Key(Resource.NAMESPACES, null, "default"), defaultNs);
        store.namespaces().forEach(ns -> {
            ObjectNode node = tree(ns);
            if (!node.has("status")) {
                node.putObject("status").put("phase", "Active");
            }
            out.put(new Key(Resource.NAMESPACES, null, ns.metadata().name()), node);
        });
        return out;
    }

    private static void put(Map<Key, ObjectNode> out, Resource resource, KubeObject o) {
        out.put(new Key(resource, o.metadata().namespace(), o.metadata().name()), tree(o));
    }

    static ObjectNode tree(KubeObject o) {
        ObjectNode node = (ObjectNode) Codec.toTree(o);
        if (!node.hasNonNull("apiVersion")) {
            node.put("apiVersion", o instanceof Deployment ? "apps/v1" : "v1");
        }
        return node;
    }

    private static void events(ProjectionStore store, Deployment d, Map<Key, ObjectNode> out) {
        String ns = d.metadata().namespace();
        for (EventEnvelope e : store.retained(ObjectRef.deployment(ns, d.metadata().name()))) {
            if (!(e.data() instanceof KubeEventRecorded k)) {
                continue;
            }
            String name = d.metadata().name() + "." + String.format("%016x", e.sequence()); // sorts as logged
            ObjectNode ev = F.objectNode().put("apiVersion", "v1").put("kind", "Event");
            ev.putObject("metadata").put("name", name).put("namespace", ns).put("uid", e.eventId())
                    .put("creationTimestamp", String.valueOf(e.time()));
            ev.putObject("involvedObject").put("kind", "Deployment").put("namespace", ns)
                    .put("name", d.metadata().name()).put("uid", d.metadata().uid()).put("apiVersion", "apps/v1");
            ev.put("reason", k.reason()).put("message", k.message()).put("type", k.type());
            ev.putObject("source").put("component", "deployment-controller");
            ev.put("firstTimestamp", String.valueOf(e.time())).put("lastTimestamp", String.valueOf(e.time()))
                    .put("count", 1);
            out.put(new Key(Resource.EVENTS, ns, name), ev);
        }
    }
}
