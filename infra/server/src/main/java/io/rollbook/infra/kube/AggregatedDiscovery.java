package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Aggregated discovery ({@code apidiscovery.k8s.io/v2 APIGroupDiscoveryList}): what kubectl asks
 * {@code /api} and {@code /apis} for first, every resource of every group-version in one answer, so
 * a cold cache costs two requests instead of four. Served only to a client whose Accept names it,
 * and always with its own Content-Type (kubectl reads the body as legacy discovery otherwise).
 */
final class AggregatedDiscovery {

    static final String CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AggregatedDiscovery() {
    }

    /** Whether the Accept header asks for the v2 list (kubectl 1.32 asks for v2, then v2beta1, then plain JSON). */
    static boolean wanted(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            List<String> params = List.of(range.replace(" ", "").split(";"));
            if (params.contains("g=apidiscovery.k8s.io") && params.contains("v=v2")
                    && params.contains("as=APIGroupDiscoveryList")) {
                return true;
            }
        }
        return false;
    }

    /** The list for {@code /api} (group "", core v1) or {@code /apis} (apps). */
    static ObjectNode list(String group) {
        ObjectNode list = F.objectNode().put("kind", "APIGroupDiscoveryList").put("apiVersion", "apidiscovery.k8s.io/v2");
        list.putObject("metadata");
        ObjectNode item = list.putArray("items").addObject();
        item.putObject("metadata").put("name", group);
        ObjectNode version = item.putArray("versions").addObject().put("version", "v1").put("freshness", "Current");
        ArrayNode resources = version.putArray("resources");
        for (Resource r : Resource.values()) {
            if (!r.group().equals(group)) {
                continue;
            }
            ObjectNode res = resources.addObject().put("resource", r.plural());
            kind(res.putObject("responseKind"), r.group(), r.kind());
            res.put("scope", r.namespaced() ? "Namespaced" : "Cluster").put("singularResource", r.singular());
            strings(res.putArray("verbs"), Resource.ALL_VERBS);
            res.putArray("shortNames").add(r.shortName());
            if (r != Resource.EVENTS && r != Resource.NAMESPACES) {
                res.putArray("categories").add("all");
            }
            ArrayNode subs = res.putArray("subresources");
            if (r.scalable()) {
                ObjectNode scale = subs.addObject().put("subresource", "scale");
                kind(scale.putObject("responseKind"), "autoscaling", "Scale");
                strings(scale.putArray("verbs"), List.of("get", "patch", "update"));
            }
            if (r != Resource.EVENTS) {
                ObjectNode status = subs.addObject().put("subresource", "status");
                kind(status.putObject("responseKind"), r.group(), r.kind());
                strings(status.putArray("verbs"), List.of("get", "patch", "update"));
            }
        }
        if (group.equals("apps")) {
            authorization(((ArrayNode) list.get("items")).addObject());
        }
        return list;
    }

    /** authorization.k8s.io/v1: the SelfSubjectAccessReviews {@code kubectl auth can-i} creates. */
    private static void authorization(ObjectNode item) {
        item.putObject("metadata").put("name", AccessReviews.GROUP);
        ObjectNode version = item.putArray("versions").addObject().put("version", "v1").put("freshness", "Current");
        ObjectNode res = version.putArray("resources").addObject().put("resource", AccessReviews.RESOURCE);
        kind(res.putObject("responseKind"), AccessReviews.GROUP, AccessReviews.KIND);
        res.put("scope", "Cluster").put("singularResource", "selfsubjectaccessreview");
        strings(res.putArray("verbs"), List.of("create"));
    }

    private static void kind(ObjectNode node, String group, String kind) {
        node.put("group", group).put("version", "v1").put("kind", kind);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
