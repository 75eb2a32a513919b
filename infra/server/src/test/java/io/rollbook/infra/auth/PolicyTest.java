package io.rollbook.infra.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyTest {

    static final String FILE = """
            bindings:
            - role: admin
              users: [alice]
            - role: view
              users: [victor]
            - role: edit
              users: [erin]
              namespace: a
            - role: view
              groups: [readers]
              namespace: b
            """;

    private static final Policy POLICY = Policy.parse("authz.yaml", FILE);

    private static User user(String name, String... groups) {
        return new User(name, "", List.of(groups), null);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "alice,  DELETE, /apis/apps/v1/namespaces/b/deployments/x, true",
            "victor, GET,    /apis/apps/v1/namespaces/b/deployments/x, true",
            "victor, GET,    /apis/apps/v1/deployments,                 true",  // cluster-wide view lists everywhere
            "victor, PATCH,  /apis/apps/v1/namespaces/b/deployments/x, false",
            "erin,   POST,   /apis/apps/v1/namespaces/a/deployments,    true",
            "erin,   DELETE, /apis/apps/v1/namespaces/a/deployments/x, true",
            "erin,   DELETE, /apis/apps/v1/namespaces/b/deployments/x, false", // edit of a does not reach b
            "erin,   GET,    /apis/apps/v1/deployments,                 false", // nor the cluster-wide list
            "erin,   GET,    /api/v1/namespaces/a,                      false", // nor the Namespace object
            "erin,   GET,    /rollbook/v1/deployments,                  false", // Rollbook's paths span namespaces
            "victor, GET,    /rollbook/v1/deployments,                  true",
            "victor, POST,   /rollbook/v1/commands,                     false",
            "alice,  POST,   /rollbook/v1/commands,                     true",
            "erin,   GET,    /apis,                                     true",  // discovery: every authenticated user
            "system:anonymous, GET, /apis,                              false",
            "system:anonymous, GET, /healthz,                           true",
            "system:anonymous, GET, /version,                           true",
            "system:anonymous, GET, /metrics,                           false",
            "system:anonymous, GET, /,                                  true",  // the live page's shell: no data
            "system:anonymous, GET, /live/app.js,                       true",
            "system:anonymous, GET, /live/state,                        false", // its data is not
            "erin,   GET,    /live/state,                               false",
            "victor, GET,    /live/state,                               true",
    })
    void grantsWhatTheRoleAndItsScopeAllow(String name, String method, String path, boolean allowed) {
        User u = name.equals(User.ANONYMOUS) ? User.anonymous() : user(name, User.AUTHENTICATED);
        assertThat(POLICY.allowed(u, Attributes.of(method, path, Map.of()))).isEqualTo(allowed);
    }

    @Test
    void groupsAreBoundLikeUsers() {
        Attributes get = Attributes.of("GET", "/api/v1/namespaces/b/pods", Map.of());
        assertThat(POLICY.allowed(user("rita", "readers", User.AUTHENTICATED), get)).isTrue();
        assertThat(POLICY.allowed(user("rita", User.AUTHENTICATED), get)).isFalse();
    }

    @Test
    void onlyAClusterWideAdminImpersonates() {
        Attributes as = Attributes.resource("impersonate", "", "users", null, null, "victor");
        assertThat(POLICY.allowed(user("alice", User.AUTHENTICATED), as)).isTrue();
        assertThat(POLICY.allowed(user("erin", User.AUTHENTICATED), as)).isFalse();
        assertThat(POLICY.allowed(user("victor", User.AUTHENTICATED), as)).isFalse();
    }

    @Test
    void systemMastersMayDoEverything() {
        assertThat(POLICY.allowed(user("api", User.MASTERS),
                Attributes.of("DELETE", "/apis/apps/v1/namespaces/z/deployments/x", Map.of()))).isTrue();
    }

    @Test
    void everyAuthenticatedUserMayAskWhatItMayDo() {
        Attributes review = Attributes.of("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", Map.of());
        assertThat(POLICY.allowed(user("nobody", User.AUTHENTICATED), review)).isTrue();
        assertThat(POLICY.allowed(User.anonymous(), review)).isFalse();
    }

    @Test
    void anUnknownRoleIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> Policy.parse("authz.yaml", "bindings:\n- role: cluster-admin\n  users: [a]\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("authz.yaml: bindings[0]: role must be view, edit or admin, was \"cluster-admin\"");
        assertThatThrownBy(() -> Policy.parse("authz.yaml", "bindings:\n- role: view\n  user: [a]\n"))
                .hasMessage("authz.yaml: bindings[0]: unknown field \"user\"");
        assertThatThrownBy(() -> Policy.parse("authz.yaml", "roles: []\n"))
                .hasMessage("authz.yaml: expected a top-level `bindings:` list");
    }
}
