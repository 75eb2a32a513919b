package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.projections.text.HumanDuration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}: the {@code meta.k8s.io/v1 Table}
 * the API server sends to {@code kubectl get}, with kubectl's usual columns (wide ones at priority 1),
 * AGE computed here as kubectl prints it, and each row's object as PartialObjectMetadata.
 */
final class Tables {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String NONE = "<none>";

    private Tables() {
    }

    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    /** A Table of {@code objects}; {@code withColumns} false for watch events after the first. */
    static ObjectNode table(Resource resource, List<ObjectNode> objects, String resourceVersion, Instant now,
                            boolean withColumns) {
        ObjectNode t = F.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        t.putObject("metadata").put("resourceVersion", resourceVersion);
        ArrayNode defs = t.putArray("columnDefinitions");
        if (withColumns) {
            for (String[] c : columns(resource)) {
                defs.addObject().put("name", c[0]).put("type", c[1]).put("format", c[0].equals("Name") ? "name" : "")
                        .put("description", c[0]).put("priority", Integer.parseInt(c[2]));
            }
        }
        ArrayNode rows = t.putArray("rows");
        for (ObjectNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells(resource, o, now).forEach(cell -> cells.add(cell instanceof Integer i ? F.numberNode(i)
                    : F.textNode(String.valueOf(cell))));
            ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata")
                    .put("apiVersion", "meta.k8s.io/v1");
            partial.set("metadata", o.path("metadata").deepCopy());
        }
        return t;
    }

    private static List<String[]> columns(Resource r) {
        return switch (r) {
            case DEPLOYMENTS -> cols("Name:string:0", "Ready:string:0", "Up-to-date:integer:0",
                    "Available:integer:0", "Age:string:0", "Containers:string:1", "Images:string:1",
                    "Selector:string:1");
            case REPLICASETS -> cols("Name:string:0", "Desired:integer:0", "Current:integer:0", "Ready:integer:0",
                    "Age:string:0", "Containers:string:1", "Images:string:1", "Selector:string:1");
            case PODS -> cols("Name:string:0", "Ready:string:0", "Status:string:0", "Restarts:string:0",
                    "Age:string:0", "IP:string:1", "Node:string:1", "Nominated Node:string:1",
                    "Readiness Gates:string:1");
            case NAMESPACES -> cols("Name:string:0", "Status:string:0", "Age:string:0");
            case EVENTS -> cols("Last Seen:string:0", "Type:string:0", "Reason:string:0", "Object:string:0",
                    "Message:string:0");
        };
    }

    private static List<String[]> cols(String... specs) {
        List<String[]> out = new ArrayList<>();
        for (String s : specs) {
            out.add(s.split(":"));
        }
        return out;
    }

    private static List<Object> cells(Resource r, ObjectNode o, Instant now) {
        JsonNode meta = o.path("metadata");
        JsonNode spec = o.path("spec");
        JsonNode status = o.path("status");
        String name = meta.path("name").asText();
        String age = age(meta.path("creationTimestamp"), now);
        return switch (r) {
            case DEPLOYMENTS -> template(List.of(name, status.path("readyReplicas").asInt() + "/"
                            + spec.path("replicas").asInt(1), status.path("updatedReplicas").asInt(),
                    status.path("availableReplicas").asInt(), age), spec);
            case REPLICASETS -> template(List.of(name, spec.path("replicas").asInt(1), status.path("replicas").asInt(),
                    status.path("readyReplicas").asInt(), age), spec);
            case PODS -> List.of(name, podReady(o), podStatus(o), podRestarts(o), age,
                    status.path("podIP").asText(NONE), spec.path("nodeName").asText(NONE), NONE, NONE);
            case NAMESPACES -> List.of(name, status.path("phase").asText("Active"), age);
            case EVENTS -> List.of(age(o.path("lastTimestamp"), now), o.path("type").asText(),
                    o.path("reason").asText(), o.path("involvedObject").path("kind").asText().toLowerCase() + "/"
                            + o.path("involvedObject").path("name").asText(), o.path("message").asText());
        };
    }

    private static List<Object> template(List<Object> head, JsonNode spec) {
        List<Object> row = new ArrayList<>(head);
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        spec.path("template").path("spec").path("containers").forEach(c -> {
            names.add(c.path("name").asText());
            images.add(c.path("image").asText());
        });
        row.add(names.isEmpty() ? NONE : String.join(",", names));
        row.add(images.isEmpty() ? NONE : String.join(",", images));
        List<String> selector = new ArrayList<>();
        spec.path("selector").path("matchLabels").fields()
                .forEachRemaining((Map.Entry<String, JsonNode> e) -> selector.add(e.getKey() + "=" + e.getValue().asText()));
        row.add(selector.isEmpty() ? NONE : String.join(",", selector));
        return row;
    }

    private static String podReady(ObjectNode pod) {
        int containers = Math.max(1, pod.path("spec").path("containers").size());
        boolean ready = false;
        for (JsonNode c : pod.path("status").path("conditions")) {
            ready |= WellKnown.POD_READY.equals(c.path("type").asText())
                    && WellKnown.CONDITION_TRUE.equals(c.path("status").asText());
        }
        return (ready ? containers : 0) + "/" + containers;
    }

    /** RESTARTS as kubectl's printer sums it: the restartCount of every container. */
    private static String podRestarts(ObjectNode pod) {
        int restarts = 0;
        for (JsonNode c : pod.path("status").path("containerStatuses")) {
            restarts += c.path("restartCount").asInt();
        }
        return Integer.toString(restarts);
    }

    private static String podStatus(ObjectNode pod) {
        if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
            return "Terminating";
        }
        for (JsonNode c : pod.path("status").path("containerStatuses")) {
            String waiting = c.path("state").path("waiting").path("reason").asText("");
            if (!waiting.isEmpty()) {
                return waiting; // kubectl's printer shows a waiting container's reason
            }
        }
        String phase = pod.path("status").path("phase").asText(WellKnown.POD_PENDING);
        if (WellKnown.POD_PENDING.equals(phase)) {
            return pod.path("spec").hasNonNull("nodeName") ? "ContainerCreating" : WellKnown.POD_PENDING;
        }
        return WellKnown.POD_FAILED.equals(phase) ? pod.path("status").path("reason").asText("Error") : phase;
    }

    private static String age(JsonNode timestamp, Instant now) {
        if (!timestamp.isTextual()) {
            return NONE;
        }
        return HumanDuration.age(Instant.parse(timestamp.asText()), now);
    }
}
