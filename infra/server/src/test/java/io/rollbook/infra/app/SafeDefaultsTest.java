package io.rollbook.infra.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may reach HTTP decides whether {@code up} may start without authentication. */
class SafeDefaultsTest {

    private static Rollbook.Options.Builder up(String address) {
        return Rollbook.Options.builder().instanceId("safe").http(address, 8080);
    }

    @Test
    void onLoopbackWithoutConfigurationUpStaysOpen() {
        assertThat(up("127.0.0.1").build().tokenAuthFile()).isNull();
        assertThat(up("localhost").build().httpAddress()).isEqualTo("localhost");
        assertThat(up("::1").build().httpAddress()).isEqualTo("::1");
    }

    @Test
    void onAnyOtherAddressWithoutATokenFileUpRefusesAndSaysHowToConfigureIt() {
        assertThatThrownBy(() -> up("0.0.0.0").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("refusing to serve HTTP on 0.0.0.0 without authentication")
                .hasMessageContaining("--token-auth-file FILE", "--authorization-file FILE",
                        "--http-address 127.0.0.1");
    }

    @Test
    void theCommandTokenAloneIsNotAuthenticationForTheWholePort() {
        assertThatThrownBy(() -> up("0.0.0.0").commandToken("s3cret").build())
                .hasMessageStartingWith("refusing to serve HTTP on 0.0.0.0");
    }

    @Test
    void withATokenFileUpServesAnyAddress() {
        assertThat(up("0.0.0.0").tokenAuthFile(Path.of("tokens.csv")).build().httpAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void anAuthorizationFileNeedsATokenFileOrClientCertificates() {
        assertThatThrownBy(() -> up("127.0.0.1").authorizationFile(Path.of("authz.yaml")).build())
                .hasMessage("--authorization-file needs --token-auth-file or --client-ca-file: without them every"
                        + " request is anonymous");
    }

    @Test
    void clientCertificatesAuthenticateButNeedTls() {
        assertThatThrownBy(() -> up("0.0.0.0").clientCaFile(Path.of("ca.crt")).build())
                .hasMessage("--client-ca-file needs TLS (--tls, or --tls-cert-file and --tls-private-key-file)");
        assertThat(up("0.0.0.0").clientCaFile(Path.of("ca.crt")).tlsSelfSigned(true).build().clientCaFile())
                .isEqualTo(Path.of("ca.crt"));
    }
}
