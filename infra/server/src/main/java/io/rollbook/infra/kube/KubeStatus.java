package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.command.Outcome;

/**
 * A Kubernetes {@code Status} answer (kind Status, apiVersion v1) thrown by the routes: kubectl prints
 * its {@code message}, or for {@code Invalid} rebuilds {@code The Kind "name" is invalid: ...} from
 * {@code details.causes}, so the shape here is what makes kubectl's output match a real cluster.
 */
public final class KubeStatus extends RuntimeException {

    private final int code;
    private final ObjectNode body;

    private KubeStatus(int code, String reason, String message, ObjectNode details) {
        super(message, null, false, false);
        this.code = code;
        this.body = JsonNodeFactory.instance.objectNode();
        body.put("kind", "Status").put("apiVersion", "v1");
        body.putObject("metadata");
        body.put("status", "Failure").put("message", message).put("reason", reason);
        if (details != null) {
            body.set("details", details);
        }
        body.put("code", code);
    }

    public int code() {
        return code;
    }

    /** The Status object to send. */
    public ObjectNode body() {
        return body;
    }

    static ObjectNode details(Resource resource, String name) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("name", name);
        if (!resource.group().isEmpty()) {
            d.put("group", resource.group());
        }
        d.put("kind", resource.plural());
        return d;
    }

    /** 404: {@code deployments.apps "x" not found}. */
    public static KubeStatus notFound(Resource resource, String name) {
        return new KubeStatus(404, "NotFound", resource.qualified() + " \"" + name + "\" not found",
                details(resource, name));
    }

    /** 409 on create: {@code deployments.apps "x" already exists}. */
    public static KubeStatus alreadyExists(Resource resource, String name) {
        return new KubeStatus(409, "AlreadyExists", resource.qualified() + " \"" + name + "\" already exists",
                details(resource, name));
    }

    /** 409 on a stale {@code metadata.resourceVersion} precondition. */
    public static KubeStatus conflict(Resource resource, String name, String why) {
        return new KubeStatus(409, "Conflict", "Operation cannot be fulfilled on " + resource.qualified() + " \""
                + name + "\": " + why, details(resource, name));
    }

    /** 410 for a watch from a resourceVersion older than the kept history: kubectl lists again. */
    public static KubeStatus gone(String message) {
        return new KubeStatus(410, "Expired", message, null);
    }

    /** 404 for a path nothing serves (kubectl: {@code the server could not find the requested resource}). */
    public static KubeStatus notFoundPath(String path) {
        return new KubeStatus(404, "NotFound", "the server could not find the requested resource", null);
    }

    public static KubeStatus badRequest(String message) {
        return new KubeStatus(400, "BadRequest", message, null);
    }

    public static KubeStatus methodNotAllowed(String message) {
        return new KubeStatus(405, "MethodNotAllowed", message, null);
    }

    /** 415 for a patch in a media type that is none of the four patch types. */
    public static KubeStatus unsupportedMediaType(String contentType) {
        return unsupportedMediaType(contentType, "application/json-patch+json, application/merge-patch+json, "
                + "application/apply-patch+yaml, application/strategic-merge-patch+json");
    }

    /** 415 for a body in a media type other than {@code accepted} (a comma-separated list). */
    public static KubeStatus unsupportedMediaType(String contentType, String accepted) {
        return new KubeStatus(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                + "accepted media types include: " + accepted + "; got " + contentType, null);
    }

    /** 413 for a request body, or an object, over {@code limit} bytes. */
    public static KubeStatus requestEntityTooLarge(long limit) {
        return new KubeStatus(413, "RequestEntityTooLarge", "Request entity too large: limit is " + limit, null);
    }

    /** 413 with the API server's {@code Request entity too large: MESSAGE}. */
    public static KubeStatus requestEntityTooLarge(String message) {
        return new KubeStatus(413, "RequestEntityTooLarge", "Request entity too large: " + message, null);
    }

    /**
     * 422 for a JSON patch whose operations do not apply to the object: the API server's
     * NewGenericServerResponse with no resource, so the message names none and json-patch's own
     * reason is not passed on (kubectl: {@code The request is invalid: the server rejected our request
     * due to an error in our request}).
     */
    public static KubeStatus jsonPatchNotApplied() {
        return new KubeStatus(422, "Invalid", "the server rejected our request due to an error in our request",
                JsonNodeFactory.instance.objectNode());
    }

    /**
     * 422 for a patch whose result the API server's strict field validation refuses
     * ({@code fieldValidation=Strict}): NewInvalid with no kind and no name and one cause on the
     * field {@code patch}, whose value is the patch as Go prints it, e.g. {@code  "" is invalid: patch:
     * Invalid value: "map[spec:map[$foo:1]]": strict decoding error: unknown field "spec.$foo"}.
     */
    public static KubeStatus strictDecoding(com.fasterxml.jackson.databind.JsonNode patch, java.util.List<String> errors) {
        String body = "Invalid value: " + goQuote(GoValues.of(patch)) + ": strict decoding error: "
                + String.join(", ", errors);
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        ObjectNode cause = d.putArray("causes").addObject();
        cause.put("reason", "FieldValueInvalid").put("message", body).put("field", "patch");
        return new KubeStatus(422, "Invalid", " \"\" is invalid: patch: " + body, d);
    }

    /** Go's {@code %q} of a string: in double quotes, with backslash and double quote escaped. */
    static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public static KubeStatus serviceUnavailable(String message) {
        return new KubeStatus(503, "ServiceUnavailable", message, null);
    }

    public static KubeStatus internal(String message) {
        return new KubeStatus(500, "InternalError", message, null);
    }

    public static KubeStatus timeout(String message) {
        return new KubeStatus(504, "Timeout", message, null);
    }

    /**
     * The Status for a Rejected outcome of the engine: the outcome's reason decides the code and
     * {@code Status.reason} ({@link #code}, {@link #statusReason}); the message is the engine's,
     * which already speaks the API server's words. Invalid keeps the {@code details.causes} kubectl
     * rebuilds its lines from. An outcome written before outcomes had reasons is answered as
     * Invalid, as all rejections but not-found ones were then.
     */
    public static KubeStatus rejected(Resource resource, String name, Outcome.Reason reason, String message) {
        Outcome.Reason r = reason == null ? Outcome.Reason.Invalid : reason;
        if (isApplyConflict(r, message)) {
            return applyConflict(message);
        }
        return switch (r) {
            case Invalid -> invalid(resource, name, message);
            case NotFound, AlreadyExists, Forbidden, Conflict, AlreadyPaused, NotPaused ->
                    new KubeStatus(code(r), statusReason(r), message, details(resource, name));
            case BadRequest, InternalError, Unknown -> new KubeStatus(code(r), statusReason(r), message, null);
        };
    }

    /**
     * 422 for the request's options (kubectl's {@code PatchOptions}, {@code CreateOptions}, ...), in
     * the API server's words: {@code PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required
     * value: is required for apply patch}.
     */
    static KubeStatus invalidOptions(Resource resource, String error) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("group", "meta.k8s.io").put("kind", "PatchOptions");
        int colon = error.indexOf(": ");
        ObjectNode cause = d.putArray("causes").addObject();
        cause.put("reason", "FieldValueInvalid").put("message", error.substring(colon + 2))
                .put("field", error.substring(0, colon));
        return new KubeStatus(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: " + error, d);
    }

    /**
     * 409 for a server-side apply that conflicts with other field managers, as the API server's
     * NewApplyConflict answers: the engine's message ({@code Apply failed with 1 conflict: conflict
     * with "m" using apps/v1: .spec.replicas}, or one {@code conflicts with "m":} line per manager
     * followed by {@code - <path>} lines) and one {@code FieldManagerConflict} cause per field; the
     * details name no object, as upstream's do not.
     */
    static KubeStatus applyConflict(String message) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        ArrayNode causes = d.putArray("causes");
        java.util.regex.Matcher one = java.util.regex.Pattern
                .compile("^Apply failed with 1 conflict: conflict with (.*): ([^:]*)$").matcher(message);
        if (one.matches()) {
            causes.addObject().put("type", "FieldManagerConflict").put("message", "conflict with " + one.group(1))
                    .put("field", one.group(2));
        } else {
            String manager = null;
            for (String line : message.substring(message.indexOf(": ") + 2).split("\n")) {
                if (line.startsWith("conflicts with ") && line.endsWith(":")) {
                    manager = line.substring("conflicts with ".length(), line.length() - 1);
                } else if (line.startsWith("- ") && manager != null) {
                    causes.addObject().put("type", "FieldManagerConflict").put("message", "conflict with " + manager)
                            .put("field", line.substring(2));
                }
            }
        }
        return new KubeStatus(409, "Conflict", message, d);
    }

    /** Whether an engine's Conflict is a server-side apply's conflict with other field managers. */
    static boolean isApplyConflict(Outcome.Reason reason, String message) {
        return reason == Outcome.Reason.Conflict && message != null && message.startsWith("Apply failed with ");
    }

    /** The HTTP status code the Kubernetes API answers a rejection of {@code reason} with. */
    static int code(Outcome.Reason reason) {
        return switch (reason) {
            case NotFound -> 404;
            case AlreadyExists, Conflict, AlreadyPaused, NotPaused -> 409;
            case Invalid -> 422;
            case Forbidden -> 403;
            case BadRequest -> 400;
            case InternalError, Unknown -> 500;
        };
    }

    /**
     * The {@code Status.reason} for {@code reason}: Kubernetes' own name where it has one; the
     * kubectl-side pause and resume refusals are Conflicts to the API, and an unknown reason an
     * InternalError.
     */
    static String statusReason(Outcome.Reason reason) {
        return switch (reason) {
            case AlreadyPaused, NotPaused -> Outcome.Reason.Conflict.name();
            case Unknown -> Outcome.Reason.InternalError.name();
            default -> reason.name();
        };
    }

    /**
     * 422 from the engine's rejection text. The engine already speaks kubectl's words
     * ({@code The Deployment "x" is invalid: spec.replicas: Invalid value: -1: must be ...}, several
     * errors as {@code \n* ...} lines); they become {@code details.causes} (field, message) so that
     * kubectl prints the same line again. Any other rejection is a 422 with the text as message.
     */
    public static KubeStatus invalid(Resource resource, String name, String engineText) {
        ObjectNode d = details(resource, name);
        d.put("kind", resource.kind());
        String prefix = "The " + resource.kind() + " \"" + name + "\" is invalid";
        if (!engineText.startsWith(prefix)) {
            return new KubeStatus(422, "Invalid", engineText, null);
        }
        String rest = engineText.substring(prefix.length()).replaceFirst("^: ", "");
        ArrayNode causes = d.putArray("causes");
        java.util.List<String> texts = rest.startsWith("\n* ")
                ? java.util.List.of(rest.substring(3).split("\n\\* ")) : java.util.List.of(rest);
        for (String text : texts) {
            if (text.isBlank()) {
                continue;
            }
            int colon = text.indexOf(": ");
            ObjectNode cause = causes.addObject();
            cause.put("reason", "FieldValueInvalid");
            cause.put("message", colon < 0 ? text : text.substring(colon + 2));
            cause.put("field", colon < 0 ? "" : text.substring(0, colon));
        }
        String message = resource.kind() + "." + (resource.group().isEmpty() ? "" : resource.group())
                + " \"" + name + "\" is invalid: " + (texts.size() == 1 ? texts.get(0) : "[" + String.join(", ", texts) + "]");
        return new KubeStatus(422, "Invalid", message.replace("." + " \"", " \""), d);
    }
}
