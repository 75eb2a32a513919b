package io.rollbook.infra.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AttributesTest {

    @ParameterizedTest(name = "{0} {1}{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "DELETE|/apis/apps/v1/namespaces/b/deployments/x||deployments.apps \"x\" is forbidden: User \"bob\" cannot delete resource \"deployments\" in API group \"apps\" in the namespace \"b\"",
            "GET|/apis/apps/v1/namespaces/b/deployments||deployments.apps is forbidden: User \"bob\" cannot list resource \"deployments\" in API group \"apps\" in the namespace \"b\"",
            "GET|/apis/apps/v1/deployments|?watch=true|deployments.apps is forbidden: User \"bob\" cannot watch resource \"deployments\" in API group \"apps\" at the cluster scope",
            "PATCH|/apis/apps/v1/namespaces/a/deployments/x/scale||deployments.apps \"x\" is forbidden: User \"bob\" cannot patch resource \"deployments/scale\" in API group \"apps\" in the namespace \"a\"",
            "GET|/api/v1/namespaces/a/pods||pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in the namespace \"a\"",
            "GET|/api/v1/namespaces||namespaces is forbidden: User \"bob\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope",
            "POST|/rollbook/v1/commands||forbidden: User \"bob\" cannot post path \"/rollbook/v1/commands\"",
            "GET|/api||forbidden: User \"bob\" cannot get path \"/api\"",
    })
    void speaksTheApiServersRefusal(String method, String path, String query, String message) {
        Map<String, String> q = query == null ? Map.of() : Map.of("watch", "true");
        assertThat(Attributes.of(method, path, q).forbidden("bob")).isEqualTo(message);
    }
}
