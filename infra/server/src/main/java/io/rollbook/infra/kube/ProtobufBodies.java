package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1Apps;
import io.rollbook.api.codec.Codec;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Request bodies in {@code application/vnd.kubernetes.protobuf}, as kubectl's typed clientset sends
 * them ({@code kubectl create deployment}): the 4-byte magic {@code k8s\0}, then a
 * {@code runtime.Unknown} whose {@code raw} is the object. The object is read with Kubernetes' own
 * generated protobuf types (client-java-proto) and turned into the JSON the API server would have
 * received: each field under its name (the generated names are the JSON names), with the
 * apimachinery types that JSON spells differently written as JSON spells them (Time as RFC 3339,
 * IntOrString as a number or a string, Quantity as its string, RawExtension as its JSON).
 */
final class ProtobufBodies {

    static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ProtobufBodies() {
    }

    /** The JSON object of a protobuf body for {@code r}; a 400 or 415 Status for one that cannot be read. */
    static JsonNode decode(Resource r, byte[] body) {
        return decode(r.apiVersion(), body);
    }

    /** The same for a body whose type meta may leave out {@code apiVersion} (then {@code apiVersion}). */
    static JsonNode decode(String apiVersion, byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw KubeStatus.badRequest("the body of the request cannot be decoded: provided data does not appear"
                    + " to be a protobuf message, expected prefix [107 56 115 0]");
        }
        try {
            Runtime.Unknown unknown = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
            String kind = unknown.getTypeMeta().getKind();
            Message object = switch (kind) {
                case "Deployment" -> V1Apps.Deployment.parseFrom(unknown.getRaw());
                case "ReplicaSet" -> V1Apps.ReplicaSet.parseFrom(unknown.getRaw());
                // kubectl auth can-i posts its review as protobuf.
                case "SelfSubjectAccessReview" ->
                        io.kubernetes.client.proto.V1Authorization.SelfSubjectAccessReview.parseFrom(unknown.getRaw());
                default -> throw KubeStatus.unsupportedMediaType(MEDIA_TYPE + " of a " + kind
                        + " (only Deployments, ReplicaSets and SelfSubjectAccessReviews are read as protobuf here)");
            };
            ObjectNode json = (ObjectNode) toJson(object);
            json.put("apiVersion", unknown.getTypeMeta().getApiVersion().isEmpty() ? apiVersion
                    : unknown.getTypeMeta().getApiVersion());
            json.put("kind", kind);
            return json;
        } catch (InvalidProtocolBufferException e) {
            throw KubeStatus.badRequest("the body of the request cannot be decoded: " + e.getMessage());
        }
    }

    /** A message as the JSON its Go type marshals to. */
    static JsonNode toJson(Message m) {
        switch (m.getDescriptorForType().getFullName()) {
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Time", "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime" -> {
                long seconds = (Long) field(m, "seconds");
                int nanos = (Integer) field(m, "nanos");
                return F.textNode(Instant.ofEpochSecond(seconds, nanos).toString());
            }
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
                long type = (Long) field(m, "type");
                return type == 1 ? F.textNode((String) field(m, "strVal")) : F.numberNode((Integer) field(m, "intVal"));
            }
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> {
                return F.textNode((String) field(m, "string"));
            }
            case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> {
                try {
                    return Codec.json().readTree(((ByteString) field(m, "raw")).toByteArray());
                } catch (IOException e) {
                    throw KubeStatus.badRequest("a raw extension is not JSON: " + e.getMessage());
                }
            }
            default -> {
                ObjectNode out = F.objectNode();
                for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
                    out.set(e.getKey().getName(), value(e.getKey(), e.getValue()));
                }
                return out;
            }
        }
    }

    private static Object field(Message m, String name) {
        return m.getField(m.getDescriptorForType().findFieldByName(name));
    }

    private static JsonNode value(FieldDescriptor f, Object value) {
        if (f.isMapField()) {
            ObjectNode map = F.objectNode();
            for (Object entry : (List<?>) value) {
                Message kv = (Message) entry;
                map.set(String.valueOf(field(kv, "key")),
                        scalar(kv.getDescriptorForType().findFieldByName("value"), field(kv, "value")));
            }
            return map;
        }
        if (f.isRepeated()) {
            ArrayNode array = F.arrayNode();
            ((List<?>) value).forEach(v -> array.add(scalar(f, v)));
            return array;
        }
        return scalar(f, value);
    }

    private static JsonNode scalar(FieldDescriptor f, Object v) {
        return switch (f.getJavaType()) {
            case MESSAGE -> toJson((Message) v);
            case STRING -> F.textNode((String) v);
            case BOOLEAN -> F.booleanNode((Boolean) v);
            case INT -> F.numberNode((Integer) v);
            case LONG -> F.numberNode((Long) v);
            case DOUBLE -> F.numberNode((Double) v);
            case FLOAT -> F.numberNode((Float) v);
            case BYTE_STRING -> F.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case ENUM -> F.textNode(String.valueOf(v));
        };
    }
}
