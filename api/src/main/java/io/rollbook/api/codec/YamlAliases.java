package io.rollbook.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * YAML with anchors and aliases ({@code labels: *app}). Jackson's YAML parser reports an alias as the
 * anchor's name, a plain string, so such documents are composed with SnakeYAML instead, which
 * resolves aliases to the anchored node, and converted to JSON trees here. An alias bomb (aliases
 * of aliases, expanding exponentially) is refused: SnakeYAML caps the aliases at
 * {@link Codec#MAX_YAML_ALIASES}, and the expansion is capped at {@link #MAX_NODES} nodes.
 */
final class YamlAliases {

    /** Far above any real manifest (a large Deployment has a few thousand nodes), far below a bomb. */
    static final int MAX_NODES = 100_000;

    private YamlAliases() {
    }

    /** True when the stream uses an alias anywhere; a YAML syntax error is left to the caller's parser. */
    static boolean present(String text) {
        try {
            for (Event e : new Yaml(Codec.loaderOptions()).parse(new StringReader(text))) {
                if (e instanceof AliasEvent) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Every document of the stream as a JSON tree, aliases expanded. */
    static List<JsonNode> documents(String text) {
        LoaderOptions options = Codec.loaderOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<JsonNode> out = new ArrayList<>();
        int[] budget = {MAX_NODES};
        try {
            for (Node node : yaml.composeAll(new StringReader(text))) {
                out.add(convert(node, budget));
            }
        } catch (ManifestException e) {
            throw e;
        } catch (RuntimeException e) { // SnakeYAML's YAMLException and its alias limit
            throw new ManifestException(e.getMessage() != null && e.getMessage().startsWith("Number of aliases")
                    ? "error converting YAML to JSON: yaml: document contains excessive aliasing (more than "
                    + Codec.MAX_YAML_ALIASES + " aliases of collections)"
                    : YamlErrors.describe(e), e);
        }
        return out;
    }

    private static JsonNode convert(Node node, int[] budget) {
        if (--budget[0] < 0) {
            throw new ManifestException("error converting YAML to JSON: the document expands to more than "
                    + MAX_NODES + " nodes through its aliases");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof MappingNode m) {
            ObjectNode obj = f.objectNode();
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    throw new ManifestException("error converting YAML to JSON: a mapping key must be a scalar");
                }
                obj.set(key.getValue(), convert(t.getValueNode(), budget));
            }
            return obj;
        }
        if (node instanceof SequenceNode s) {
            ArrayNode arr = f.arrayNode();
            s.getValue().forEach(n -> arr.add(convert(n, budget)));
            return arr;
        }
        return scalar((ScalarNode) node);
    }

    private static JsonNode scalar(ScalarNode s) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String v = s.getValue();
        Tag tag = s.getTag();
        try {
            if (Tag.NULL.equals(tag)) {
                return f.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                return f.booleanNode(v.equalsIgnoreCase("true"));
            }
            if (Tag.INT.equals(tag) && v.matches("[-+]?[0-9]+")) {
                return f.numberNode(new BigInteger(v));
            }
            if (Tag.FLOAT.equals(tag) && v.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                return f.numberNode(new BigDecimal(v));
            }
        } catch (NumberFormatException e) {
            // keep it as text
        }
        return f.textNode(v);
    }
}
