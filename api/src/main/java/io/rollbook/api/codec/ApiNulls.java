package io.rollbook.api.codec;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Nulls read as the API server reads them. Its decoder (Go's {@code encoding/json}) leaves a field
 * whose value is {@code null} at its zero value, which for Kubernetes' optional fields means absent:
 * {@code matchLabels:}, {@code ingress:} or {@code - from:} with nothing after them (a YAML null) are
 * the same as leaving the key out. A {@code null} in a list or a map is the zero value of its element
 * type: an empty object for a struct ({@code ingress: [null]} is one rule that allows everything), an
 * empty string for a string, 0 for a number, false for a boolean.
 *
 * <p>Applied to a document's tree before it is bound to its record, guided by the record's
 * properties; where the type is not known (the verbatim fields of a container, say) a null field is
 * dropped and a null element kept.
 */
final class ApiNulls {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ApiNulls() {
    }

    /** {@code tree} with every null read as the API server would, for binding to {@code type}. */
    static JsonNode normalise(JsonNode tree, JavaType type, DeserializationConfig config) {
        return new ApiNulls.Walk(config).value(tree, type);
    }

    private static final class Walk {
        private final DeserializationConfig config;
        private final Map<JavaType, Map<String, JavaType>> properties = new HashMap<>();

        Walk(DeserializationConfig config) {
            this.config = config;
        }

        JsonNode value(JsonNode node, JavaType type) {
            if (node.isObject()) {
                return object((ObjectNode) node, type);
            }
            if (node.isArray()) {
                return array((ArrayNode) node, type);
            }
            return node;
        }

        private JsonNode object(ObjectNode node, JavaType type) {
            boolean map = type != null && type.isMapLikeType();
            JavaType valueType = map ? type.getContentType() : null;
            Map<String, JavaType> fields = map || type == null ? Map.of() : properties(type);
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            Map<String, JsonNode> replaced = new HashMap<>();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JavaType fieldType = map ? valueType : fields.get(e.getKey());
                if (e.getValue().isNull()) {
                    if (map && zero(valueType) != null) {
                        replaced.put(e.getKey(), zero(valueType));
                    } else {
                        it.remove(); // absent
                    }
                } else {
                    JsonNode v = value(e.getValue(), fieldType);
                    if (v != e.getValue()) {
                        replaced.put(e.getKey(), v);
                    }
                }
            }
            replaced.forEach(node::set);
            return node;
        }

        private JsonNode array(ArrayNode node, JavaType type) {
            JavaType element = type != null && type.isCollectionLikeType() || type != null && type.isArrayType()
                    ? type.getContentType() : null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isNull()) {
                    JsonNode zero = zero(element);
                    if (zero != null) {
                        node.set(i, zero);
                    }
                } else {
                    node.set(i, value(item, element));
                }
            }
            return node;
        }

        private Map<String, JavaType> properties(JavaType type) {
            return properties.computeIfAbsent(type, t -> {
                Map<String, JavaType> out = new HashMap<>();
                if (t.isContainerType() || t.isPrimitive() || t.getRawClass().getName().startsWith("java.")) {
                    return out;
                }
                BeanDescription bean = config.introspect(t);
                for (BeanPropertyDefinition p : bean.findProperties()) {
                    out.put(p.getName(), p.getPrimaryType());
                }
                return out;
            });
        }

        /** Go's zero value of an element of {@code type}; null where it is not known. */
        private JsonNode zero(JavaType type) {
            if (type == null) {
                return null;
            }
            Class<?> raw = type.getRawClass();
            if (raw == String.class) {
                return NODES.textNode("");
            }
            if (raw == boolean.class || raw == Boolean.class) {
                return NODES.booleanNode(false);
            }
            if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) {
                return NODES.numberNode(0);
            }
            if (type.isMapLikeType() || raw.isRecord()) {
                return NODES.objectNode();
            }
            if (type.isCollectionLikeType() || type.isArrayType()) {
                return NODES.arrayNode();
            }
            return null;
        }
    }
}
