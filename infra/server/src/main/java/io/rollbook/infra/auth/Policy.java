package io.rollbook.infra.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The authorization file ({@code --authorization-file}): Kubernetes RBAC reduced to what Rollbook
 * serves. Each binding gives one of the default ClusterRoles {@code view}, {@code edit},
 * {@code admin} to users and groups, cluster-wide or (with {@code namespace}) in one namespace:
 * <pre>
 * bindings:
 * - role: admin
 *   users: [alice]
 * - role: view
 *   groups: [readers]
 * - role: edit
 *   users: [carol]
 *   namespace: a
 * </pre>
 * {@code view} may get, list and watch every resource; {@code edit} also create, update, patch,
 * delete and deletecollection; {@code admin} also impersonate users and groups. Rollbook's own
 * paths (the live page, {@code /rollbook/v1/...}, {@code /metrics}) read with a cluster-wide role
 * and change with a cluster-wide edit. Group {@code system:masters} may do everything, as upstream.
 */
public final class Policy implements Authorizer {

    enum Role { view, edit, admin }

    record Binding(Role role, List<String> users, List<String> groups, String namespace) {
        boolean binds(User u) {
            return users.contains(u.name()) || u.groups().stream().anyMatch(groups::contains);
        }
    }

    private static final Set<String> READ = Set.of("get", "list", "watch");
    private static final Set<String> WRITE = Set.of("create", "update", "patch", "delete", "deletecollection");

    private final List<Binding> bindings;

    Policy(List<Binding> bindings) {
        this.bindings = List.copyOf(bindings);
    }

    /** @throws IllegalArgumentException naming the file and the binding that cannot be read */
    public static Policy read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the authorization file " + file + ": " + e.getMessage(), e);
        }
    }

    static Policy parse(String source, String yaml) {
        JsonNode root;
        try {
            root = Codec.yaml().readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.path("bindings").isArray()) {
            throw new IllegalArgumentException(source + ": expected a top-level `bindings:` list");
        }
        List<Binding> out = new ArrayList<>();
        int i = 0;
        for (JsonNode b : root.path("bindings")) {
            String at = source + ": bindings[" + i++ + "]";
            b.fieldNames().forEachRemaining(f -> {
                if (!Set.of("role", "users", "groups", "namespace").contains(f)) {
                    throw new IllegalArgumentException(at + ": unknown field \"" + f + "\"");
                }
            });
            Role role;
            try {
                role = Role.valueOf(b.path("role").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": role must be view, edit or admin, was \""
                        + b.path("role").asText() + "\"", e);
            }
            List<String> users = names(b.path("users"));
            List<String> groups = names(b.path("groups"));
            if (users.isEmpty() && groups.isEmpty()) {
                throw new IllegalArgumentException(at + ": binds no users or groups");
            }
            String ns = b.hasNonNull("namespace") ? b.get("namespace").asText() : null;
            out.add(new Binding(role, users, groups, ns == null || ns.isEmpty() ? null : ns));
        }
        return new Policy(out);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public boolean allowed(User user, Attributes r) {
        if (Authorizer.open(user, r) || user.groups().contains(User.MASTERS)) {
            return true;
        }
        for (Binding b : bindings) {
            if (b.binds(user) && grants(b, r)) {
                return true;
            }
        }
        return false;
    }

    private static boolean grants(Binding b, Attributes r) {
        if (!r.resourceRequest()) {
            // Rollbook's own pages and JSON API span every namespace: a cluster-wide role only.
            return b.namespace() == null && (r.verb().equals("get") || r.verb().equals("head")
                    || b.role() != Role.view);
        }
        if (r.verb().equals("impersonate")) {
            return b.role() == Role.admin && b.namespace() == null;
        }
        if (b.namespace() != null && !b.namespace().equals(r.namespace())) {
            return false;
        }
        if (b.namespace() != null && r.resource().equals("namespaces")) {
            return false; // a namespace's RoleBinding does not reach the Namespace object itself
        }
        return READ.contains(r.verb()) || (b.role() != Role.view && WRITE.contains(r.verb()));
    }
}
