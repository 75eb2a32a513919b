package io.rollbook.infra.auth;

import java.util.Set;

/**
 * Decides whether a user may do what a request asks ({@link Attributes}). The rules every mode
 * shares are the API server's default ones: {@code /healthz}, {@code /livez}, {@code /readyz} and
 * {@code /version} for everyone (system:public-info-viewer), discovery and OpenAPI for every
 * authenticated user (system:discovery), and {@code selfsubjectaccessreviews} create for them too
 * (system:basic-user, what {@code kubectl auth can-i} asks). One rule is Rollbook's: the live page's
 * shell ({@code /}, {@code /live/app.js}, {@code /live/style.css}: markup, script and style, no data)
 * is for everyone, so that a browser without a token gets the sign-in; its data
 * ({@code /live/state}) is authorized like any other path.
 */
public interface Authorizer {

    boolean allowed(User user, Attributes request);

    /** Without any authentication configured: everything, for everyone (a developer's loopback {@code up}). */
    static Authorizer alwaysAllow() {
        return (user, request) -> true;
    }

    /** Authentication without an authorization file: every authenticated user may do everything. */
    static Authorizer authenticated() {
        return (user, request) -> open(user, request) || !user.isAnonymous();
    }

    Set<String> PUBLIC = Set.of("/healthz", "/livez", "/readyz", "/version");

    /** The live page's files, the same for every user: they show nothing until {@code /live/state} answers. */
    Set<String> PAGE_SHELL = Set.of("/", "/live/app.js", "/live/style.css");

    /** What the API server's default roles allow {@code user} whatever the configured roles say. */
    static boolean open(User user, Attributes r) {
        if (!r.resourceRequest()) {
            if ((r.verb().equals("get") || r.verb().equals("head")) && PAGE_SHELL.contains(r.path())) {
                return true;
            }
            String p = r.path().replaceAll("/+$", "");
            if ((r.verb().equals("get") || r.verb().equals("head"))
                    && (PUBLIC.contains(p) || p.startsWith("/healthz/") || p.startsWith("/livez/")
                    || p.startsWith("/readyz/"))) {
                return true;
            }
            return !user.isAnonymous() && r.verb().equals("get") && (p.equals("/api") || p.startsWith("/api/")
                    || p.equals("/apis") || p.startsWith("/apis/") || p.equals("/openapi") || p.startsWith("/openapi/"));
        }
        return !user.isAnonymous() && r.verb().equals("create") && r.group().equals("authorization.k8s.io")
                && r.resource().equals("selfsubjectaccessreviews");
    }
}
