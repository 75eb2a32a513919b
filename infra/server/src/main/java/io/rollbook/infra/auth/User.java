package io.rollbook.infra.auth;

import java.util.List;

/**
 * Who a request is, as the API server's authenticators tell it: a name, a uid and groups; when the
 * request impersonates, {@code impersonator} is the user who authenticated and asked for it.
 */
public record User(String name, String uid, List<String> groups, String impersonator) {

    public static final String ANONYMOUS = "system:anonymous";
    public static final String UNAUTHENTICATED = "system:unauthenticated";
    public static final String AUTHENTICATED = "system:authenticated";
    /** The API server's superuser group; here the group of the command token's user. */
    public static final String MASTERS = "system:masters";

    public User {
        groups = List.copyOf(groups);
    }

    public static User anonymous() {
        return new User(ANONYMOUS, "", List.of(UNAUTHENTICATED), null);
    }

    public boolean isAnonymous() {
        return ANONYMOUS.equals(name);
    }

    /**
     * Who this is for an event's {@code issuedBy}: the user, and the impersonator beside it
     * ({@code bob (impersonated by alice)}).
     */
    public String actor() {
        return impersonator == null ? name : name + " (impersonated by " + impersonator + ")";
    }
}
