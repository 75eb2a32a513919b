package io.rollbook.engine.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One network a pod asks for in its {@code k8s.v1.cni.cncf.io/networks} annotation, in either of
 * Multus' forms: {@code br-net}, {@code other-ns/br-net}, {@code br-net@eth1}, comma-separated; or a
 * JSON list {@code [{"name": "br-net", "namespace": "other-ns", "interface": "eth1"}]}.
 *
 * @param namespace     the definition's namespace (the pod's when unset)
 * @param name          the definition's name
 * @param interfaceName the interface to create, or null for {@code net1}, {@code net2}, ... in order
 */
public record NetworkSelection(String namespace, String name, String interfaceName) {

    /** {@code namespace/name} of the definition. */
    public String key() {
        return namespace + "/" + name;
    }

    /**
     * The selections of an annotation value, with {@code podNamespace} for unset namespaces.
     *
     * @throws IllegalArgumentException when the value is in neither form
     */
    public static List<NetworkSelection> parse(String annotation, String podNamespace) {
        List<NetworkSelection> out = new ArrayList<>();
        if (annotation == null || annotation.isBlank()) {
            return out;
        }
        String text = annotation.trim();
        if (text.startsWith("[")) {
            for (JsonNode n : json(text)) {
                out.add(new NetworkSelection(n.path("namespace").asText(podNamespace), n.path("name").asText(),
                        n.path("interface").asText(null)));
            }
            return out;
        }
        for (String item : text.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            String iface = null;
            int at = s.indexOf('@');
            if (at >= 0) {
                iface = s.substring(at + 1);
                s = s.substring(0, at);
            }
            int slash = s.indexOf('/');
            out.add(slash < 0 ? new NetworkSelection(podNamespace, s, iface)
                    : new NetworkSelection(s.substring(0, slash), s.substring(slash + 1), iface));
        }
        return out;
    }

    private static JsonNode json(String text) {
        try {
            return Codec.json().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("the networks annotation is not valid JSON: " + e.getMessage(), e);
        }
    }
}
