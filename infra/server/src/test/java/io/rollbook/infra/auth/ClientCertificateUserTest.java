package io.rollbook.infra.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A client certificate's user, as the API server's x509 authenticator reads the subject. */
class ClientCertificateUserTest {

    @TempDir
    Path dir;

    private X509Certificate minted(String user, String... groups) throws Exception {
        Tls.selfSigned(dir, "127.0.0.1", Instant.now());
        String pem = Tls.clientCertificate(dir, user, List.of(groups), Instant.now()).certificate();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theCommonNameIsTheUserAndEachOrganizationAGroup() throws Exception {
        User u = AuthFilter.certificateUser(minted("carol", "team-a", "devs"));
        assertThat(u.name()).isEqualTo("carol");
        assertThat(u.groups()).containsExactly("team-a", "devs", User.AUTHENTICATED);
        assertThat(u.impersonator()).isNull();
    }

    @Test
    void withoutOrganizationsTheUserIsOnlyAuthenticated() throws Exception {
        assertThat(AuthFilter.certificateUser(minted("dave")).groups()).containsExactly(User.AUTHENTICATED);
    }

    @Test
    void aSubjectWithoutACommonNameAuthenticatesNoOne() {
        assertThat(AuthFilter.subjectUser("O=team-a")).isNull();
        assertThat(AuthFilter.subjectUser("CN=,O=team-a")).isNull();
        assertThat(AuthFilter.subjectUser("CN=erin,OU=ops,O=team-a").groups()).containsExactly("team-a", User.AUTHENTICATED);
    }
}
