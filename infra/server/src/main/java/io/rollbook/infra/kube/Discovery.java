package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What kubectl reads before it acts: {@code /version} of a v1.32
 * server, legacy discovery ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/apps/v1}) and
 * the minimal OpenAPI v3 documents that let {@code kubectl apply} pass its default validation.
 */
final class Discovery {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Discovery() {
    }

    static ObjectNode version() {
        ObjectNode v = F.objectNode();
        v.put("major", "1").put("minor", "32").put("gitVersion", "v1.32.4-rollbook")
                .put("gitCommit", "rollbook").put("gitTreeState", "clean").put("buildDate", "2025-04-22T00:00:00Z")
                .put("goVersion", "go1.23.6").put("compiler", "gc").put("platform", "linux/amd64");
        return v;
    }

    static ObjectNode api(String serverAddress) {
        ObjectNode v = F.objectNode();
        v.put("kind", "APIVersions");
        v.putArray("versions").add("v1");
        ObjectNode cidr = v.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return v;
    }

    static ObjectNode apis() {
        ObjectNode list = F.objectNode();
        list.put("kind", "APIGroupList").put("apiVersion", "v1");
        ObjectNode apps = list.putArray("groups").addObject();
        apps.put("name", "apps");
        ObjectNode gv = F.objectNode().put("groupVersion", "apps/v1").put("version", "v1");
        apps.putArray("versions").add(gv);
        apps.set("preferredVersion", gv.deepCopy());
        ObjectNode authz = ((ArrayNode) list.get("groups")).addObject();
        authz.put("name", AccessReviews.GROUP);
        ObjectNode agv = F.objectNode().put("groupVersion", AccessReviews.GROUP + "/v1").put("version", "v1");
        authz.putArray("versions").add(agv);
        authz.set("preferredVersion", agv.deepCopy());
        return list;
    }

    /** {@code /apis/authorization.k8s.io/v1}: SelfSubjectAccessReviews, create only, as {@code kubectl auth can-i} uses. */
    static ObjectNode authorizationResources() {
        ObjectNode list = F.objectNode();
        list.put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", AccessReviews.GROUP + "/v1");
        ObjectNode r = list.putArray("resources").addObject();
        r.put("name", AccessReviews.RESOURCE).put("singularName", "selfsubjectaccessreview").put("namespaced", false)
                .put("kind", AccessReviews.KIND);
        verbs(r, List.of("create"));
        return list;
    }

    /** The APIResourceList of {@code v1} (group "") or {@code apps/v1}. */
    static ObjectNode resources(String group) {
        ObjectNode list = F.objectNode();
        list.put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", group.isEmpty() ? "v1" : group + "/v1");
        ArrayNode items = list.putArray("resources");
        for (Resource r : Resource.values()) {
            if (!r.group().equals(group)) {
                continue;
            }
            ObjectNode main = items.addObject();
            main.put("name", r.plural()).put("singularName", r.singular()).put("namespaced", r.namespaced())
                    .put("kind", r.kind());
            verbs(main, Resource.ALL_VERBS);
            main.putArray("shortNames").add(r.shortName());
            if (r != Resource.EVENTS && r != Resource.NAMESPACES) {
                main.putArray("categories").add("all");
            }
            if (r.scalable()) {
                ObjectNode scale = items.addObject();
                scale.put("name", r.plural() + "/scale").put("singularName", "").put("namespaced", true)
                        .put("group", "autoscaling").put("version", "v1").put("kind", "Scale");
                verbs(scale, List.of("get", "patch", "update"));
            }
            if (r != Resource.EVENTS) {
                ObjectNode status = items.addObject();
                status.put("name", r.plural() + "/status").put("singularName", "").put("namespaced", r.namespaced())
                        .put("kind", r.kind());
                verbs(status, List.of("get", "patch", "update"));
            }
        }
        return list;
    }

    private static void verbs(ObjectNode resource, List<String> verbs) {
        ArrayNode array = resource.putArray("verbs");
        verbs.forEach(array::add);
    }

    /** {@code GET /openapi/v3}: where the group-version documents are. */
    static ObjectNode openApiRoot() {
        ObjectNode root = F.objectNode();
        ObjectNode paths = root.putObject("paths");
        paths.putObject("api/v1").put("serverRelativeURL", "/openapi/v3/api/v1?hash=ROLLBOOK1");
        paths.putObject("apis/apps/v1").put("serverRelativeURL", "/openapi/v3/apis/apps/v1?hash=ROLLBOOK1");
        return root;
    }

    /**
     * One group-version document: for each kind a {@code patch} operation carrying
     * {@code x-kubernetes-group-version-kind} and a {@code fieldValidation} parameter, which is all
     * kubectl needs to validate on the server side ({@code fieldValidation=Strict}).
     */
    static ObjectNode openApi(String group) {
        ObjectNode doc = F.objectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.4");
        ObjectNode paths = doc.putObject("paths");
        for (Resource r : Resource.values()) {
            if (!r.group().equals(group)) {
                continue;
            }
            String base = (group.isEmpty() ? "/api/v1" : "/apis/" + group + "/v1")
                    + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural() + "/{name}";
            ObjectNode patch = paths.putObject(base).putObject("patch");
            patch.put("operationId", "patch" + r.kind()).put("x-kubernetes-action", "patch");
            patch.putObject("x-kubernetes-group-version-kind").put("group", group).put("version", "v1")
                    .put("kind", r.kind());
            ArrayNode params = patch.putArray("parameters");
            for (String name : List.of("fieldValidation", "fieldManager", "dryRun", "force")) {
                params.addObject().put("name", name).put("in", "query").putObject("schema").put("type", "string");
            }
            patch.putObject("responses").putObject("200").put("description", "OK");
        }
        doc.putObject("components").putObject("schemas");
        return doc;
    }
}
