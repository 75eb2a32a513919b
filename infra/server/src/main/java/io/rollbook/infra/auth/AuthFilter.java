package io.rollbook.infra.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.rollbook.api.codec.Codec;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The one filter at the edge of {@code up}'s HTTP server, in front of every path: it authenticates
 * (a verified client certificate first, then {@code Authorization: Bearer TOKEN} against the token
 * file; no credentials is {@code system:anonymous}), applies impersonation ({@code Impersonate-User},
 * {@code Impersonate-Group}, which {@code kubectl --as} sends, only for whom the authorizer allows
 * {@code impersonate}), then authorizes the request's {@link Attributes}. Refusals are the API
 * server's {@code Status} objects: 401 {@code Unauthorized} for a token nobody has (and for
 * anonymous requests when anonymous access is off), 403 with the API server's sentence otherwise.
 * The user is left on the exchange for the routes ({@link #userOf}).
 */
public final class AuthFilter extends Filter {

    private static final String USER = "io.rollbook.auth.user";

    private final TokenFile tokens;
    private final Authorizer authorizer;
    private final boolean anonymous;

    /**
     * @param anonymous whether a request without credentials goes on as {@code system:anonymous}
     *                  (refused with 403 when not allowed) rather than being answered 401
     */
    public AuthFilter(TokenFile tokens, Authorizer authorizer, boolean anonymous) {
        this.tokens = tokens;
        this.authorizer = authorizer;
        this.anonymous = anonymous;
    }

    /** Who sent the request, as this filter found; anonymous when no filter ran (tests of one route). */
    public static User userOf(HttpExchange exchange) {
        Object u = exchange.getAttribute(USER);
        return u instanceof User user ? user : User.anonymous();
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    @Override
    public String description() {
        return "authentication and authorization";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        User user = certificateUser(exchange);
        if (user == null) {
            user = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        }
        if (user != null && user.isAnonymous() && unverifiedCertificate(exchange)) {
            user = null; // the API server's x509 error is not passed over for anonymous access
        }
        if (user == null) {
            refuse(exchange, 401, "Unauthorized", "Unauthorized", null);
            return;
        }
        try {
            user = impersonate(user, exchange);
        } catch (Refused r) {
            refuse(exchange, 403, "Forbidden", r.getMessage(), r.attributes);
            return;
        }
        Attributes attributes = Attributes.of(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                Attributes.query(exchange.getRequestURI().getRawQuery()));
        if (!authorizer.allowed(user, attributes)) {
            if (user.isAnonymous() && !anonymous) {
                refuse(exchange, 401, "Unauthorized", "Unauthorized", null);
            } else {
                refuse(exchange, 403, "Forbidden", attributes.forbidden(user.name()), attributes);
            }
            return;
        }
        exchange.setAttribute(USER, user);
        chain.doFilter(exchange);
    }

    /**
     * The token's user, null for a bearer token nobody has; anonymous without credentials, and, as
     * the API server (which has no basic authentication), for any other {@code Authorization} scheme.
     */
    User authenticate(String header) {
        String prefix = "bearer ";
        if (header == null || header.length() <= prefix.length()
                || !header.substring(0, prefix.length()).equalsIgnoreCase(prefix)) {
            return User.anonymous();
        }
        return tokens.user(header.substring(prefix.length()).strip());
    }

    /**
     * Whether the client sent a certificate that no CA of {@code --client-ca-file} signed: as on the
     * API server, such a request is answered 401 unless its bearer token authenticates.
     */
    private static boolean unverifiedCertificate(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https) || https.getSSLSession() == null) {
            return false;
        }
        try {
            return https.getSSLSession().getPeerCertificates().length > 0
                    && !Boolean.TRUE.equals(https.getSSLSession().getValue(Tls.CLIENT_VERIFIED));
        } catch (SSLPeerUnverifiedException e) {
            return false; // no certificate sent
        }
    }

    /**
     * The user of the client certificate the TLS handshake verified against {@code --client-ca-file}
     * ({@link Tls#CLIENT_VERIFIED}; one that did not verify authenticates no one), null without one. As the API server's x509
     * authenticator: the subject's CN is the user, its O values the groups; a subject without a CN
     * authenticates no one, and the request goes on to the bearer token.
     */
    private static User certificateUser(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https) || https.getSSLSession() == null) {
            return null;
        }
        try {
            java.security.cert.Certificate[] chain = https.getSSLSession().getPeerCertificates();
            if (!Boolean.TRUE.equals(https.getSSLSession().getValue(Tls.CLIENT_VERIFIED))) {
                return null;
            }
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? certificateUser(x) : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no certificate sent
        }
    }

    static User certificateUser(X509Certificate certificate) {
        return subjectUser(certificate.getSubjectX500Principal().getName());
    }

    /** {@code CN=carol,O=team-a,O=devs} (RFC 2253) is carol in team-a and devs; null without a CN. */
    static User subjectUser(String subject) {
        String cn = null;
        List<String> groups = new ArrayList<>();
        try {
            // LdapName lists the RDNs in the certificate's (ASN.1) order, the reverse of the string's;
            // groups keep that order and, as Go's x509 reads a subject, the last CN wins.
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = rdn.getValue().toString();
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    groups.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        if (cn == null || cn.isEmpty()) {
            return null;
        }
        groups.add(User.AUTHENTICATED);
        return new User(cn, "", groups, null);
    }

    private static final class Refused extends Exception {
        final Attributes attributes;

        Refused(Attributes attributes, String message) {
            super(message, null, false, false);
            this.attributes = attributes;
        }
    }

    private User impersonate(User user, HttpExchange exchange) throws Refused {
        String as = exchange.getRequestHeaders().getFirst("Impersonate-User");
        List<String> asGroups = exchange.getRequestHeaders().getOrDefault("Impersonate-Group", List.of());
        if (as == null && asGroups.isEmpty()) {
            return user;
        }
        if (as == null || as.isBlank()) {
            throw new Refused(null, "requested " + asGroups + " without impersonating a user");
        }
        check(user, Attributes.resource("impersonate", "", "users", null, null, as));
        List<String> groups = new ArrayList<>();
        for (String g : asGroups) {
            check(user, Attributes.resource("impersonate", "", "groups", null, null, g));
            groups.add(g);
        }
        if (!as.equals(User.ANONYMOUS) && !groups.contains(User.AUTHENTICATED)) {
            groups.add(User.AUTHENTICATED);
        }
        return new User(as, "", groups, user.name());
    }

    private void check(User user, Attributes a) throws Refused {
        if (!authorizer.allowed(user, a)) {
            throw new Refused(a, a.forbidden(user.name()));
        }
    }

    private static void refuse(HttpExchange exchange, int code, String reason, String message, Attributes a)
            throws IOException {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1");
        body.putObject("metadata");
        body.put("status", "Failure").put("message", message).put("reason", reason);
        if (a != null && a.resourceRequest()) {
            ObjectNode d = body.putObject("details");
            if (!a.name().isEmpty()) {
                d.put("name", a.name());
            }
            if (!a.group().isEmpty()) {
                d.put("group", a.group());
            }
            d.put("kind", a.resource());
        }
        body.put("code", code);
        byte[] bytes = Codec.toJson(body).getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readNBytes(4 * 1024 * 1024); // drain, so the connection can be reused
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
