package io.rollbook.infra.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a request asks to do, as the API server's request-info resolver reads it from method and
 * path: a resource request ({@code verb}, {@code group}, {@code resource}, {@code subresource},
 * {@code namespace}, {@code name}) or a non-resource one ({@code path}, with the lower-case method
 * as verb).
 */
public record Attributes(String verb, boolean resourceRequest, String group, String resource, String subresource,
                         String namespace, String name, String path) {

    public static Attributes resource(String verb, String group, String resource, String subresource,
                                      String namespace, String name) {
        return new Attributes(verb, true, nz(group), nz(resource), nz(subresource), nz(namespace), nz(name), "");
    }

    public static Attributes nonResource(String verb, String path) {
        return new Attributes(verb, false, "", "", "", "", "", path);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /**
     * {@code GET /apis/apps/v1/namespaces/b/deployments/x} is get deployments in apps, namespace b;
     * without a name a GET is list (watch with {@code watch=true}), a DELETE deletecollection.
     */
    public static Attributes of(String method, String rawPath, Map<String, String> query) {
        String[] seg = rawPath.replaceAll("/+$", "").split("/");
        int i;
        String group;
        if (seg.length > 3 && seg[1].equals("api")) {
            group = "";
            i = 3;
        } else if (seg.length > 4 && seg[1].equals("apis")) {
            group = seg[2];
            i = 4;
        } else {
            return nonResource(method.toLowerCase(java.util.Locale.ROOT), rawPath.isEmpty() ? "/" : rawPath);
        }
        String ns = null;
        if (seg[i].equals("namespaces") && seg.length > i + 2) {
            ns = decode(seg[i + 1]);
            i += 2;
        } else if (seg[i].equals("namespaces") && seg.length == i + 2) {
            // GET /api/v1/namespaces/a is the namespace a itself, which lives in its own namespace.
            ns = decode(seg[i + 1]);
        }
        String resource = seg[i];
        String name = seg.length > i + 1 ? decode(seg[i + 1]) : null;
        String sub = seg.length > i + 2 ? seg[i + 2] : null;
        // Go's ParseBool spellings of true (the Python client sends watch=True).
        String w = query.get("watch");
        boolean watch = w != null && java.util.Set.of("1", "t", "T", "true", "TRUE", "True").contains(w);
        String verb = switch (method) {
            case "GET", "HEAD" -> name != null ? (watch ? "watch" : "get") : (watch ? "watch" : "list");
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return resource(verb, group, resource, sub, ns, name);
    }

    /** A raw query string as a map, percent-decoded; the last value of a repeated key wins. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * The API server's words for a refusal: {@code deployments.apps "x" is forbidden: User "bob"
     * cannot delete resource "deployments" in API group "apps" in the namespace "b"}.
     */
    public String forbidden(String user) {
        if (!resourceRequest) {
            return "forbidden: User \"" + user + "\" cannot " + verb + " path \"" + path + "\"";
        }
        String qualified = group.isEmpty() ? resource : resource + "." + group;
        String res = subresource.isEmpty() ? resource : resource + "/" + subresource;
        return qualified + (name.isEmpty() ? "" : " \"" + name + "\"") + " is forbidden: User \"" + user
                + "\" cannot " + verb + " resource \"" + res + "\" in API group \"" + group + "\""
                + (namespace.isEmpty() ? " at the cluster scope" : " in the namespace \"" + namespace + "\"");
    }
}
