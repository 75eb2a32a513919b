package io.rollbook.api.event;

import com.fasterxml.jackson.core.JsonGenerator;
import io.rollbook.api.codec.Instants;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.ReplicaSetCondition;
import io.rollbook.api.manifest.ReplicaSetStatus;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Hand-written writers of the event types a Scale, a SetImage and a pod report write most (pods,
 * ReplicaSet scales, Kubernetes events, the two statuses, conditions, wake-ups): the same bytes the
 * shared mapper's writer for the type produces (fields in its order: the record's, or the type's
 * {@code @JsonPropertyOrder}; a null field left out, as {@code NON_NULL}; instants as
 * {@link Instants#format}), written straight to the envelope's generator without the mapper's
 * serializer lookups and property walk. The event encode was a fifth of the engine thread.
 *
 * <p>Each writer's output is held equal to the mapper's, byte for byte, for generated events of
 * every type it handles ({@code EventWritersTest}); a type it does not handle goes to the mapper.
 * A new field on one of these types must be written here too, or that test fails.
 */
final class EventWriters {

    private EventWriters() {
    }

    /** Writes {@code data} as the mapper would and returns true, or returns false for a type not handled here. */
    static boolean write(JsonGenerator g, RollbookEvent data) throws IOException {
        if (data instanceof PodCreated e) {
            pod(g, e.pod(), e.replicaSet(), e.node());
            return true;
        }
        if (data instanceof PodTerminating e) {
            pod(g, e.pod(), e.replicaSet(), e.node());
            return true;
        }
        if (data instanceof PodDeleted e) {
            pod(g, e.pod(), e.replicaSet(), e.node());
            return true;
        }
        if (data instanceof PodReady e) {
            pod(g, e.pod(), e.replicaSet(), e.node());
            return true;
        }
        if (data instanceof PodStarted e && e.networks() == null) {
            g.writeStartObject();
            podFields(g, e.pod(), e.replicaSet(), e.node());
            string(g, "ip", e.ip());
            g.writeEndObject();
            return true;
        }
        if (data instanceof KubeEventRecorded e) {
            g.writeStartObject();
            string(g, "type", e.type());
            string(g, "reason", e.reason());
            string(g, "message", e.message());
            g.writeEndObject();
            return true;
        }
        if (data instanceof ReplicaSetScaled e) {
            g.writeStartObject();
            string(g, "replicaSet", e.replicaSet());
            g.writeNumberField("from", e.from());
            g.writeNumberField("to", e.to());
            if (e.annotations() != null) {
                g.writeFieldName("annotations");
                stringMap(g, e.annotations());
            }
            g.writeEndObject();
            return true;
        }
        if (data instanceof ReplicaSetStatusChanged e) {
            g.writeStartObject();
            string(g, "replicaSet", e.replicaSet());
            if (e.status() != null) {
                g.writeFieldName("status");
                replicaSetStatus(g, e.status());
            }
            g.writeEndObject();
            return true;
        }
        if (data instanceof DeploymentStatusChanged e) {
            g.writeStartObject();
            if (e.status() != null) {
                g.writeFieldName("status");
                deploymentStatus(g, e.status());
            }
            g.writeEndObject();
            return true;
        }
        if (data instanceof ConditionChanged e) {
            g.writeStartObject();
            string(g, "type", e.type());
            string(g, "status", e.status());
            string(g, "reason", e.reason());
            string(g, "message", e.message());
            g.writeEndObject();
            return true;
        }
        if (data instanceof WakeUpScheduled e) {
            g.writeStartObject();
            instant(g, "at", e.at());
            g.writeEndObject();
            return true;
        }
        return false;
    }

    private static void pod(JsonGenerator g, String pod, String replicaSet, String node) throws IOException {
        g.writeStartObject();
        podFields(g, pod, replicaSet, node);
        g.writeEndObject();
    }

    private static void podFields(JsonGenerator g, String pod, String replicaSet, String node) throws IOException {
        string(g, "pod", pod);
        string(g, "replicaSet", replicaSet);
        string(g, "node", node);
    }

    /** {@code @JsonPropertyOrder} of ReplicaSetStatus. */
    private static void replicaSetStatus(JsonGenerator g, ReplicaSetStatus s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("replicas", s.replicas());
        integer(g, "fullyLabeledReplicas", s.fullyLabeledReplicas());
        g.writeNumberField("readyReplicas", s.readyReplicas());
        g.writeNumberField("availableReplicas", s.availableReplicas());
        integer(g, "terminatingReplicas", s.terminatingReplicas());
        g.writeNumberField("observedGeneration", s.observedGeneration());
        if (s.conditions() != null) {
            g.writeArrayFieldStart("conditions");
            for (ReplicaSetCondition c : s.conditions()) {
                g.writeStartObject();
                string(g, "type", c.type());
                string(g, "status", c.status());
                instant(g, "lastTransitionTime", c.lastTransitionTime());
                string(g, "reason", c.reason());
                string(g, "message", c.message());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** {@code @JsonPropertyOrder} of DeploymentStatus. */
    private static void deploymentStatus(JsonGenerator g, DeploymentStatus s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("observedGeneration", s.observedGeneration());
        g.writeNumberField("replicas", s.replicas());
        g.writeNumberField("updatedReplicas", s.updatedReplicas());
        g.writeNumberField("readyReplicas", s.readyReplicas());
        g.writeNumberField("availableReplicas", s.availableReplicas());
        g.writeNumberField("unavailableReplicas", s.unavailableReplicas());
        integer(g, "terminatingReplicas", s.terminatingReplicas());
        deploymentConditions(g, s.conditions());
        integer(g, "collisionCount", s.collisionCount());
        g.writeEndObject();
    }

    private static void deploymentConditions(JsonGenerator g, List<DeploymentCondition> conditions) throws IOException {
        if (conditions == null) {
            return;
        }
        g.writeArrayFieldStart("conditions");
        for (DeploymentCondition c : conditions) {
            g.writeStartObject();
            string(g, "type", c.type());
            string(g, "status", c.status());
            instant(g, "lastUpdateTime", c.lastUpdateTime());
            instant(g, "lastTransitionTime", c.lastTransitionTime());
            string(g, "reason", c.reason());
            string(g, "message", c.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** A map of strings in its own order; an entry whose value is null is left out, as the mapper does (NON_NULL). */
    private static void stringMap(JsonGenerator g, Map<String, String> map) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (entry.getValue() != null) {
                g.writeStringField(entry.getKey(), entry.getValue());
            }
        }
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static void integer(JsonGenerator g, String field, Integer value) throws IOException {
        if (value != null) {
            g.writeNumberField(field, value.intValue());
        }
    }

    private static void instant(JsonGenerator g, String field, Instant value) throws IOException {
        if (value != null) {
            g.writeStringField(field, Instants.format(value));
        }
    }
}
