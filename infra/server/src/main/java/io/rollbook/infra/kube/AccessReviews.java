package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.infra.auth.Attributes;
import io.rollbook.infra.auth.Authorizer;
import io.rollbook.infra.auth.User;

/**
 * {@code POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews}: may the requesting user do
 * what the spec's {@code resourceAttributes} (or {@code nonResourceAttributes}) say? Answered from
 * the same authorizer that guards every request, so {@code kubectl auth can-i} agrees with what
 * kubectl is then allowed to do.
 */
final class AccessReviews {

    static final String GROUP = "authorization.k8s.io";
    static final String RESOURCE = "selfsubjectaccessreviews";
    static final String KIND = "SelfSubjectAccessReview";
    static final String PATH = "/apis/" + GROUP + "/v1/" + RESOURCE;

    private AccessReviews() {
    }

    static ObjectNode review(Authorizer authorizer, User user, byte[] body) {
        JsonNode in;
        try {
            in = body.length > 0 && body[0] == 'k' ? ProtobufBodies.decode(GROUP + "/v1", body)
                    : Codec.json().readTree(body);
        } catch (java.io.IOException e) {
            throw KubeStatus.badRequest("the SelfSubjectAccessReview is not JSON: " + e.getMessage());
        }
        JsonNode spec = in == null ? null : in.get("spec");
        if (spec == null || !spec.isObject()) {
            throw KubeStatus.badRequest("a SelfSubjectAccessReview needs a spec");
        }
        Attributes asked;
        JsonNode ra = spec.get("resourceAttributes");
        JsonNode na = spec.get("nonResourceAttributes");
        if (ra != null && ra.isObject()) {
            asked = Attributes.resource(ra.path("verb").asText(""), ra.path("group").asText(""),
                    ra.path("resource").asText(""), ra.path("subresource").asText(""),
                    ra.path("namespace").asText(""), ra.path("name").asText(""));
        } else if (na != null && na.isObject()) {
            asked = Attributes.nonResource(na.path("verb").asText(""), na.path("path").asText(""));
        } else {
            throw KubeStatus.badRequest("SelfSubjectAccessReview spec: exactly one of resourceAttributes and "
                    + "nonResourceAttributes must be given");
        }
        boolean allowed = authorizer.allowed(user, asked);
        ObjectNode out = ((ObjectNode) in).deepCopy();
        out.put("kind", KIND).put("apiVersion", GROUP + "/v1");
        if (!out.has("metadata")) {
            out.putObject("metadata");
        }
        // As RBAC: a denial without a reason, which kubectl prints as a bare "no".
        out.putObject("status").put("allowed", allowed);
        return out;
    }
}
