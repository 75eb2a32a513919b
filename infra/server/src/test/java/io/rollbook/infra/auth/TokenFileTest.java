package io.rollbook.infra.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenFileTest {

    private static final String FILE = """
            # token,user,uid,"groups"
            t-alice,alice,1,"admins,ops"
            t-bob,bob,2
            t-carol , carol , 3 , team-a
            """;

    @Test
    void readsTheApiServersCsvWithQuotedGroups() {
        TokenFile tokens = TokenFile.parse("tokens.csv", FILE);
        assertThat(tokens.user("t-alice")).isEqualTo(
                new User("alice", "1", List.of("admins", "ops", User.AUTHENTICATED), null));
        assertThat(tokens.user("t-bob").groups()).containsExactly(User.AUTHENTICATED);
        assertThat(tokens.user("t-carol").name()).isEqualTo("carol");
        assertThat(tokens.user("t-carol").groups()).containsExactly("team-a", User.AUTHENTICATED);
    }

    @Test
    void anUnknownTokenIsNobody() {
        assertThat(TokenFile.parse("tokens.csv", FILE).user("t-mallory")).isNull();
    }

    @Test
    void findsAUsersTokenForTheKubeconfig() {
        assertThat(TokenFile.parse("tokens.csv", FILE).tokenOf("bob")).isEqualTo("t-bob");
        assertThat(TokenFile.parse("tokens.csv", FILE).tokenOf("nobody")).isNull();
    }

    @Test
    void aLineWithoutUserAndUidNamesTheLine() {
        assertThatThrownBy(() -> TokenFile.parse("tokens.csv", "t-ok,ok,1\njust-a-token\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokens.csv:2: expected token,user,uid[,\"group1,group2\"], got 1 columns");
    }

    @Test
    void aDuplicateTokenIsRefused() {
        assertThatThrownBy(() -> TokenFile.parse("tokens.csv", "t,a,1\nt,b,2\n"))
                .hasMessage("tokens.csv:2: duplicate token");
    }
}
