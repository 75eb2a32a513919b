package io.rollbook.infra.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.DecodeErrors;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.Delete;
import io.rollbook.api.command.DeletePod;
import io.rollbook.api.command.Scale;
import io.rollbook.infra.kube.KubeRoutes.Answer;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kube.Snapshot.Key;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * POST, PUT, PATCH (strategic merge, merge, JSON patch, server-side apply) and DELETE of
 * Deployments and ReplicaSets, and their {@code scale} subresource. The new desired object is
 * computed here from the current one in the projections; {@code dryRun=All} answers with it and
 * sends nothing; otherwise one command carries it ({@link KubeWrites}) and the answer is the
 * object read back after the projections caught up.
 */
final class KubeWriteRoutes {

    static final String SMP = "application/strategic-merge-patch+json";
    static final String MERGE = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";
    static final String APPLY = "application/apply-patch+yaml";
    static final String YAML = "application/yaml";
    private static final java.util.List<String> PATCH_TYPES = java.util.List.of(SMP, MERGE, JSON_PATCH, APPLY);
    /** What a POST or PUT may be in: none given (JSON), then the types the API server lists. */
    private static final java.util.List<String> WRITE_TYPES = java.util.List.of("", "application/json", YAML,
            ProtobufBodies.MEDIA_TYPE);

    private final ObjectLog objects;
    private final KubeWrites writes;

    KubeWriteRoutes(ObjectLog objects, KubeWrites writes) {
        this.objects = objects;
        this.writes = writes;
    }

    /** A write; {@code warn} takes each warning for the answer's {@code Warning} headers. */
    Answer write(KubeRequest req, Consumer<String> warn) {
        Resource r = req.resource();
        String ns = req.namespace() == null ? "default" : req.namespace();
        if (req.method().equals("POST") && req.name() == null) {
            return create(req, r, ns);
        }
        if (req.name() == null) {
            throw KubeStatus.methodNotAllowed(req.method() + " needs an object name");
        }
        Key key = new Key(r, ns, req.name());
        ObjectNode current = objects.get(key);
        if ("scale".equals(req.subresource())) {
            return scale(req, r, ns, current);
        }
        switch (req.method()) {
            case "DELETE" -> {
                return delete(req, r, ns, current);
            }
            case "PUT" -> {
                if (current == null) {
                    throw KubeStatus.notFound(r, req.name());
                }
                return update(req, r, ns, current, body(req));
            }
            case "PATCH" -> {
                String type = mediaType(req.contentType());
                if (current == null) {
                    if (type.equals(APPLY)) {
                        JsonNode config = body(req);
                        return req.dryRun() ? create(req, r, ns, config) : serverSideApply(req, r, ns, config);
                    }
                    throw KubeStatus.notFound(r, req.name());
                }
                JsonNode patch = body(req);
                precondition(r, req.name(), current, patch);
                if (type.equals(APPLY) && !req.dryRun()) {
                    return serverSideApply(req, r, ns, patch);
                }
                JsonNode next = switch (type) {
                    case SMP -> validateFields(req, patch, Patches.strategic(current, patch), warn);
                    case APPLY -> Patches.strategic(current, patch);
                    case MERGE -> Patches.merge(current, patch);
                    case JSON_PATCH -> Patches.json(current, patch);
                    default -> throw KubeStatus.unsupportedMediaType(req.contentType());
                };
                return update(req, r, ns, current, next);
            }
            default -> throw KubeStatus.methodNotAllowed(req.method() + " is not supported on " + r.qualified());
        }
    }

    private Answer create(KubeRequest req, Resource r, String ns) {
        JsonNode body = body(req);
        String name = body.path("metadata").path("name").asText(null);
        if (name == null) {
            throw KubeStatus.invalid(r, "", "The " + r.kind() + " \"\" is invalid: metadata.name: Required value:"
                    + " name or generateName is required");
        }
        if (objects.get(new Key(r, ns, name)) != null) {
            throw KubeStatus.alreadyExists(r, name);
        }
        return create(req, r, ns, body);
    }

    private Answer create(KubeRequest req, Resource r, String ns, JsonNode body) {
        String name = req.name() != null ? req.name() : body.path("metadata").path("name").asText();
        KubeWrites.manifest(r, ns, name, body); // bad input is refused even in a dry run
        if (req.dryRun()) {
            return new Answer(201, (ObjectNode) body, "application/json");
        }
        writes.apply(r, ns, name, body, null, KubeWrites.Writer.of(req));
        return new Answer(201, readBack(r, ns, name), "application/json");
    }

    /**
     * A server-side apply ({@code kubectl apply --server-side}): the configuration goes to the engine
     * as it was sent, which merges it by the apply rules, records the field manager (required, as
     * the API server requires it) and refuses a conflict unless {@code force=true}. 201 when it
     * created the object, else 200.
     */
    private Answer serverSideApply(KubeRequest req, Resource r, String ns, JsonNode config) {
        if (req.param("fieldManager") == null) {
            throw KubeStatus.invalidOptions(r, "fieldManager: Required value: is required for apply patch");
        }
        boolean existed = objects.get(new Key(r, ns, req.name())) != null;
        writes.apply(r, ns, req.name(), config, new Apply.ServerSide(req.flag("force")), KubeWrites.Writer.of(req));
        return new Answer(existed ? 200 : 201, readBack(r, ns, req.name()), "application/json");
    }

    private Answer update(KubeRequest req, Resource r, String ns, ObjectNode current, JsonNode next) {
        if (!next.isObject()) {
            throw KubeStatus.badRequest("the patched object is not a JSON object");
        }
        ObjectNode desired = (ObjectNode) next;
        desired.with("metadata").put("resourceVersion", current.path("metadata").path("resourceVersion").asText());
        KubeWrites.manifest(r, ns, req.name(), desired);
        if (req.dryRun()) {
            return Answer.ok(desired);
        }
        writes.apply(r, ns, req.name(), desired, null, KubeWrites.Writer.of(req));
        return Answer.ok(readBack(r, ns, req.name()));
    }

    private Answer delete(KubeRequest req, Resource r, String ns, ObjectNode current) {
        if (current == null) {
            throw KubeStatus.notFound(r, req.name());
        }
        if (!req.dryRun()) {
            writes.send(r, ns, req.name(), new Delete(), KubeWrites.Writer.of(req));
        }
        ObjectNode status = JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        ObjectNode details = KubeStatus.details(r, req.name());
        details.put("uid", current.path("metadata").path("uid").asText());
        status.set("details", details);
        return Answer.ok(status);
    }

    /**
     * DELETE of a pod: one DeletePod command to the workload that owns it (the Deployment of its
     * ReplicaSet, or the bare ReplicaSet). As the API server does for a graceful deletion, the
     * answer is the pod with its deletionTimestamp set; its ReplicaSet then replaces it.
     */
    Answer deletePod(KubeRequest req) {
        if (req.name() == null) {
            throw KubeStatus.methodNotAllowed("DELETE needs an object name");
        }
        String ns = req.namespace() == null ? "default" : req.namespace();
        ObjectNode pod = objects.get(new Key(Resource.PODS, ns, req.name()));
        if (pod == null) {
            throw KubeStatus.notFound(Resource.PODS, req.name());
        }
        if (req.dryRun()) {
            return Answer.ok(pod);
        }
        writes.send(owner(ns, pod), Resource.PODS, req.name(), new DeletePod(req.name()), KubeWrites.Writer.of(req));
        ObjectNode after = objects.get(new Key(Resource.PODS, ns, req.name()));
        return Answer.ok(after != null ? after : pod); // gone already when the kubelet was quicker than the read
    }

    /** The aggregate a pod belongs to: its ReplicaSet's controlling Deployment, else the ReplicaSet itself. */
    private ObjectRef owner(String ns, ObjectNode pod) {
        String rs = pod.path("metadata").path("ownerReferences").path(0).path("name").asText();
        ObjectNode set = objects.get(new Key(Resource.REPLICASETS, ns, rs));
        for (JsonNode ref : set == null ? JsonNodeFactory.instance.arrayNode() : set.path("metadata").path("ownerReferences")) {
            if (ref.path("kind").asText().equals("Deployment") && ref.path("controller").asBoolean()) {
                return ObjectRef.deployment(ns, ref.path("name").asText());
            }
        }
        return ObjectRef.replicaSet(ns, rs);
    }

    /** The scale subresource: autoscaling/v1 Scale in and out; a change is one Scale command. */
    private Answer scale(KubeRequest req, Resource r, String ns, ObjectNode current) {
        if (current == null) {
            throw KubeStatus.notFound(r, req.name());
        }
        ObjectNode scale = scale(current);
        JsonNode next = switch (req.method()) {
            case "PUT" -> body(req);
            case "PATCH" -> switch (mediaType(req.contentType())) {
                case MERGE -> Patches.merge(scale, body(req));
                case SMP, APPLY -> Patches.strategic(scale, body(req));
                case JSON_PATCH -> Patches.json(scale, body(req));
                default -> throw KubeStatus.unsupportedMediaType(req.contentType());
            };
            default -> throw KubeStatus.methodNotAllowed(req.method() + " is not supported on the scale subresource");
        };
        JsonNode replicas = next.path("spec").path("replicas");
        if (!replicas.canConvertToInt()) {
            throw KubeStatus.badRequest("spec.replicas must be an integer");
        }
        if (replicas.asInt() < 0) {
            throw KubeStatus.invalid(r, req.name(), "The " + r.kind() + " \"" + req.name()
                    + "\" is invalid: spec.replicas: Invalid value: " + replicas.asInt()
                    + ": must be greater than or equal to 0");
        }
        if (req.dryRun()) {
            return Answer.ok((ObjectNode) next);
        }
        writes.send(r, ns, req.name(), new Scale(replicas.asInt()), KubeWrites.Writer.of(req));
        return Answer.ok(scale(readBack(r, ns, req.name())));
    }

    /** The autoscaling/v1 Scale of a Deployment or ReplicaSet. */
    static ObjectNode scale(ObjectNode o) {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        ObjectNode meta = s.putObject("metadata");
        for (String f : new String[]{"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (o.path("metadata").has(f)) {
                meta.set(f, o.path("metadata").get(f));
            }
        }
        s.putObject("spec").put("replicas", o.path("spec").path("replicas").asInt(1));
        StringBuilder selector = new StringBuilder();
        o.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e ->
                selector.append(selector.length() == 0 ? "" : ",").append(e.getKey()).append('=')
                        .append(e.getValue().asText()));
        s.putObject("status").put("replicas", o.path("status").path("replicas").asInt(0))
                .put("selector", selector.toString());
        return s;
    }

    /**
     * The API server's field validation of a strategic merge patch's result: a {@code $}-key that is
     * no directive is an unknown field ({@link Patches#unknownFields}). {@code fieldValidation=Strict}
     * refuses the patch with a 422 and changes nothing; {@code Ignore} drops the fields; {@code Warn},
     * the default (kubectl patch sends none), drops them with a warning {@code unknown field "spec.$foo"}.
     */
    private static JsonNode validateFields(KubeRequest req, JsonNode patch, JsonNode next, Consumer<String> warn) {
        java.util.List<String> unknown = Patches.unknownFields(next).stream()
                .map(f -> "unknown field \"" + f + "\"").toList();
        if (unknown.isEmpty()) {
            return next;
        }
        String validation = req.param("fieldValidation");
        if ("Strict".equals(validation)) {
            throw KubeStatus.strictDecoding(patch, unknown);
        }
        if (!"Ignore".equals(validation)) {
            unknown.forEach(warn);
        }
        return Patches.withoutUnknownFields(next);
    }

    /** {@code metadata.resourceVersion} in a patch is an optimistic-lock precondition. */
    private static void precondition(Resource r, String name, ObjectNode current, JsonNode patch) {
        JsonNode wanted = patch.path("metadata").path("resourceVersion");
        if (wanted.isTextual() && !wanted.asText().isEmpty()
                && !wanted.asText().equals(current.path("metadata").path("resourceVersion").asText())) {
            throw KubeStatus.conflict(r, name, "the object has been modified; please apply your changes to the"
                    + " latest version and try again");
        }
    }

    private ObjectNode readBack(Resource r, String ns, String name) {
        ObjectNode o = objects.get(new Key(r, ns, name));
        if (o == null) {
            throw KubeStatus.notFound(r, name);
        }
        return o;
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
    }

    /**
     * The body of a write. A PATCH is in one of the four patch types; a POST or PUT is JSON, YAML or
     * Kubernetes' protobuf (kubectl create deployment), without a Content-Type JSON; anything else
     * is refused with 415 before the body is read. A body that does not parse is a 400 in the
     * words of the API server's decoders ({@link DecodeErrors#syntax}): the object's
     * {@code couldn't get version/kind; json parse error: ...} for a POST or PUT, the bare
     * decoder's error for a patch.
     */
    private static JsonNode body(KubeRequest req) {
        String type = mediaType(req.contentType());
        boolean patch = req.method().equals("PATCH");
        if (patch && !PATCH_TYPES.contains(type)) {
            throw KubeStatus.unsupportedMediaType(req.contentType());
        }
        if (!patch && !WRITE_TYPES.contains(type)) {
            throw KubeStatus.unsupportedMediaType(req.contentType(), String.join(", ", WRITE_TYPES.subList(1, 4)));
        }
        if (ProtobufBodies.MEDIA_TYPE.equals(type)) {
            return ProtobufBodies.decode(req.resource(), req.body());
        }
        String text = new String(req.body(), StandardCharsets.UTF_8);
        try {
            return type.equals(APPLY) || type.equals(YAML) ? Codec.yaml().readTree(text) : Codec.json().readTree(text);
        } catch (JsonProcessingException e) {
            String why = DecodeErrors.syntax(e);
            throw KubeStatus.badRequest(patch ? why : "couldn't get version/kind; json parse error: " + why);
        }
    }
}
