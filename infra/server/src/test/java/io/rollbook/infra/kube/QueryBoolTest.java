package io.rollbook.infra.kube;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every spelling Go's strconv.ParseBool accepts, as the API server reads watch, allowWatchBookmarks and force. */
class QueryBoolTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void trueAsGoParsesIt(String value) {
        assertThat(QueryBool.parse("watch", value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "f", "F", "FALSE", "false", "False", ""})
    void falseAsGoParsesIt(String value) {
        assertThat(QueryBool.parse("watch", value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "tRuE", "2", "on"})
    void anythingElseIsABadRequest(String value) {
        assertThatThrownBy(() -> QueryBool.parse("watch", value)).isInstanceOfSatisfying(KubeStatus.class, s -> {
            assertThat(s.code()).isEqualTo(400);
            assertThat(s.getMessage()).isEqualTo("invalid value for query parameter watch: strconv.ParseBool: parsing \""
                    + value + "\": invalid syntax");
        });
    }
}
