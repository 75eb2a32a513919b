package io.rollbook.infra.kube;

import com.sun.net.httpserver.HttpExchange;
import io.rollbook.infra.auth.AuthFilter;
import io.rollbook.infra.auth.User;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One Kubernetes API request, parsed: the resource path
 * ({@code /api/v1[/namespaces/NS]/PLURAL[/NAME[/SUB]]} or the same under {@code /apis/GROUP/v1}),
 * query, the headers kubectl sends, and the body.
 */
record KubeRequest(String method, String path, Resource resource, String namespace, String name,
                   String subresource, Map<String, String> query, String accept, String contentType,
                   String userAgent, String kubectlCommand, User user, byte[] body) {

    /** The API server's limit on a request body ({@code --max-request-body-bytes}'s default, 3 MiB). */
    static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    static KubeRequest of(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        var h = exchange.getRequestHeaders();
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw KubeStatus.requestEntityTooLarge(MAX_BODY_BYTES);
        }
        Resource resource = null;
        String ns = null;
        String name = null;
        String sub = null;
        String[] seg = path.replaceAll("/+$", "").split("/");
        int start = -1;
        String group = null;
        if (seg.length > 3 && seg[1].equals("api") && seg[2].equals("v1")) {
            start = 3;
            group = "";
        } else if (seg.length > 4 && seg[1].equals("apis") && seg[3].equals("v1")) {
            start = 4;
            group = seg[2];
        }
        if (start > 0) {
            int i = start;
            if (seg.length > i + 2 && seg[i].equals("namespaces")) {
                ns = segmentName(decode(seg[i + 1]));
                i += 2;
            }
            resource = Resource.of(group, seg[i]);
            name = seg.length > i + 1 ? segmentName(decode(seg[i + 1])) : null;
            sub = seg.length > i + 2 ? seg[i + 2] : null;
        }
        return new KubeRequest(exchange.getRequestMethod(), path, resource, ns, name, sub, query,
                h.getFirst("Accept"), h.getFirst("Content-Type"), h.getFirst("User-Agent"),
                h.getFirst("Kubectl-Command"), AuthFilter.userOf(exchange), body);
    }

    /** Whether the path names a served resource type (as opposed to discovery, or an unknown type). */
    boolean isResource() {
        return resource != null;
    }

    String param(String key) {
        String v = query.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    boolean dryRun() {
        return "All".equals(param("dryRun"));
    }

    boolean watch() {
        return flag("watch");
    }

    /** A boolean query parameter ({@code watch}, {@code allowWatchBookmarks}, {@code force}, ...), read as Go's ParseBool. */
    boolean flag(String name) {
        return QueryBool.parse(name, query.get(name));
    }

    /**
     * The field manager of a write: the {@code fieldManager} parameter, else, as the API server
     * defaults it, the User-Agent up to its first {@code /} ({@code kubectl} for
     * {@code kubectl/v1.32.4 (linux/amd64) ...}); null when there is neither (the engine then
     * records Rollbook's own manager). Longer than 128 bytes is refused as the API server refuses it.
     */
    String fieldManager() {
        String m = param("fieldManager");
        if (m == null && userAgent != null && !userAgent.isBlank()) {
            m = userAgent.split("/")[0].trim();
        }
        if (m != null && m.getBytes(StandardCharsets.UTF_8).length > 128) {
            throw KubeStatus.invalidOptions(resource, "fieldManager: Too long: may not be more than 128 bytes");
        }
        return m == null || m.isEmpty() ? null : m;
    }

    /**
     * Who is writing, for the command's {@code issuedBy}: the authenticated user (with the
     * impersonator: {@code bob (impersonated by alice)}), else, for an anonymous request to an
     * open {@code up}, the client ({@code kubectl/v1.32.4}) with its verb and field manager.
     */
    String actor() {
        if (!user.isAnonymous()) {
            return user.actor();
        }
        String client = userAgent == null ? "unknown" : userAgent.split(" ")[0];
        StringBuilder b = new StringBuilder(client);
        if (kubectlCommand != null) {
            b.append(" (").append(kubectlCommand);
            if (param("fieldManager") != null) {
                b.append(", fieldManager=").append(param("fieldManager"));
            }
            b.append(')');
        }
        return b.toString();
    }

    private static Map<String, String> query(String raw) {
        return io.rollbook.infra.http.HttpApi.query(raw);
    }

    /**
     * A namespace or name from the path, refused as the API server refuses it (its
     * IsValidPathSegmentName): {@code .} and {@code ..}, and names holding {@code /} or {@code %}
     * (an encoded slash, or an encoding of its own), could never name an object.
     */
    private static String segmentName(String name) {
        java.util.List<String> errs = new java.util.ArrayList<>();
        if (name.equals(".") || name.equals("..")) {
            errs.add("may not be '" + name + "'");
        }
        for (String illegal : new String[]{"/", "%"}) {
            if (name.contains(illegal)) {
                errs.add("may not contain '" + illegal + "'");
            }
        }
        if (!errs.isEmpty()) {
            throw KubeStatus.badRequest("invalid resource name \"" + name + "\": [" + String.join(", ", errs) + "]");
        }
        return name;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
