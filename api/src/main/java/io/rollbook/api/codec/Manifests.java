package io.rollbook.api.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.manifest.networking.NetworkPolicy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@code kubectl apply -f} and {@code kubectl get -o yaml} read: YAML or JSON, one or
 * more documents, and {@code v1 List} objects whose items are flattened.
 */
public final class Manifests {

    private Manifests() {
    }

    /** One document as read, before its kind is checked. */
    public record Document(String apiVersion, String kind, JsonNode tree) {
    }

    /**
     * Parses every document of {@code text} into typed objects.
     *
     * @throws ManifestException naming the first document that cannot be read, or whose kind is not
     *                           one of {@link #typeOf}'s
     */
    public static List<KubeObject> parse(String text) {
        List<KubeObject> objects = new ArrayList<>();
        for (Document doc : documents(text)) {
            objects.add(toObject(doc));
        }
        return objects;
    }

    /** Parses every document and flattens Lists, without deciding on kinds. */
    public static List<Document> documents(String text) {
        if (text.length() > Codec.MAX_DOCUMENT_CHARS) {
            throw new ManifestException("the manifest is " + text.length() + " characters; the limit is "
                    + Codec.MAX_DOCUMENT_CHARS);
        }
        boolean json = looksLikeJson(text);
        List<Document> docs = new ArrayList<>();
        if (!json && YamlAliases.present(text)) {
            for (JsonNode node : YamlAliases.documents(text)) {
                if (node != null && !node.isNull() && !(node.isTextual() && node.textValue().isBlank())) {
                    flatten(node, docs);
                }
            }
            return docs;
        }
        ObjectMapper mapper = json ? Codec.json() : Codec.yaml();
        try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                if (node == null || node.isNull() || node.isMissingNode()
                        || (node.isTextual() && node.textValue().isBlank())) {
                    continue; // an empty YAML document, e.g. after a trailing ---
                }
                flatten(node, docs);
            }
        } catch (JsonProcessingException e) {
            throw new ManifestException(YamlErrors.describe(e), e);
        } catch (ManifestException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ManifestException(YamlErrors.describe(e), e);
        } catch (IOException e) {
            throw new ManifestException("cannot read manifest: " + e.getMessage(), e);
        }
        return docs;
    }

    /**
     * Binds one document to its type, reading nulls as the API server does ({@link ApiNulls}: a null
     * field is absent) and refusing a wrong value with the API server's words ({@link DecodeErrors}).
     */
    public static KubeObject toObject(Document doc) {
        Class<? extends KubeObject> type = typeOf(doc.apiVersion(), doc.kind());
        ObjectMapper json = Codec.json();
        JsonNode tree = ApiNulls.normalise(doc.tree().deepCopy(), json.constructType(type),
                json.getDeserializationConfig());
        try {
            return json.treeToValue(tree, type);
        } catch (JsonMappingException e) { // a wrong type, a number out of range: name the field
            throw new ManifestException(DecodeErrors.describe(doc.apiVersion(), doc.kind(), tree, e), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ManifestException(doc.kind() + " in version \"" + doc.apiVersion().substring(
                    doc.apiVersion().indexOf('/') + 1) + "\" cannot be handled as a " + doc.kind() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The record of a kind: {@code apps/v1} Deployment and ReplicaSet, {@code v1} Pod and Namespace,
     * {@code networking.k8s.io/v1} NetworkPolicy and {@code k8s.cni.cncf.io/v1} NetworkAttachmentDefinition.
     *
     * @throws ManifestException with kubectl's words for any other kind
     */
    public static Class<? extends KubeObject> typeOf(String apiVersion, String kind) {
        if ("apps/v1".equals(apiVersion) && Deployment.KIND.equals(kind)) {
            return Deployment.class;
        }
        if ("apps/v1".equals(apiVersion) && ReplicaSet.KIND.equals(kind)) {
            return ReplicaSet.class;
        }
        if ("v1".equals(apiVersion) && Pod.KIND.equals(kind)) {
            return Pod.class;
        }
        if (Namespace.API_VERSION.equals(apiVersion) && Namespace.KIND.equals(kind)) {
            return Namespace.class;
        }
        if (NetworkPolicy.API_VERSION.equals(apiVersion) && NetworkPolicy.KIND.equals(kind)) {
            return NetworkPolicy.class;
        }
        if (NetworkAttachmentDefinition.API_VERSION.equals(apiVersion)
                && NetworkAttachmentDefinition.KIND.equals(kind)) {
            return NetworkAttachmentDefinition.class;
        }
        throw new ManifestException("no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\"");
    }

    private static void flatten(JsonNode node, List<Document> out) {
        if (!node.isObject()) {
            throw new ManifestException("error validating data: expected an object, got " + node.getNodeType()
                    .name().toLowerCase());
        }
        String apiVersion = node.path("apiVersion").asText(null);
        String kind = node.path("kind").asText(null);
        if (kind == null || kind.isEmpty()) {
            throw new ManifestException("error validating data: kind not set");
        }
        if (apiVersion == null || apiVersion.isEmpty()) {
            throw new ManifestException("error validating data: apiVersion not set");
        }
        if ("v1".equals(apiVersion) && "List".equals(kind)) {
            for (JsonNode item : node.path("items")) {
                flatten(item, out);
            }
            return;
        }
        out.add(new Document(apiVersion, kind, node));
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == '[';
            }
        }
        return false;
    }
}
