package io.rollbook.infra.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.rollbook.infra.auth.TokenFile;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;

/**
 * {@code rollbook kubeconfig [--server URL] [-n NS] [--user NAME --token-auth-file FILE]
 * [--client-certificate FILE --client-key FILE]}: a kubeconfig for the Kubernetes API of a running
 * {@code up}, so {@code rollbook kubeconfig > rb.yaml; KUBECONFIG=rb.yaml kubectl get deploy} works
 * without {@code --server}.
 */
@Command(name = "kubeconfig", mixinStandardHelpOptions = true,
        description = "Print a kubeconfig for the running `rollbook up`, for the real kubectl.")
public final class KubeconfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "Where `up` serves HTTP (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "The context's namespace.")
    String namespace;

    @Option(names = "--token", paramLabel = "TOKEN", description = "A bearer token to put in the user entry.")
    String token;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Put this user's token from --token-auth-file in the user entry.")
    String user;

    @Option(names = "--token-auth-file", paramLabel = "FILE",
            description = "The token file `up` was started with (for --user).")
    Path tokenAuthFile;

    @Option(names = "--certificate-authority", paramLabel = "FILE",
            description = "The CA that signed `up`'s certificate; for an https server without it,"
                    + " rollbook-data/tls/ca.crt (what `up --tls` made) when it exists.")
    Path certificateAuthority;

    @Option(names = "--client-certificate", paramLabel = "FILE",
            description = "A PEM client certificate (as `rollbook certificate` writes) for the user entry.")
    Path clientCertificate;

    @Option(names = "--client-key", paramLabel = "FILE", description = "The PEM key of --client-certificate.")
    Path clientKey;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        String bearer = token;
        // --user with a client certificate alone: the certificate names the user, there is no token to find.
        if (user != null && (clientCertificate == null || tokenAuthFile != null)) {
            if (token != null || tokenAuthFile == null) {
                throw new IllegalArgumentException("--user NAME needs --token-auth-file FILE (and no --token)");
            }
            bearer = TokenFile.read(tokenAuthFile).tokenOf(user);
            if (bearer == null) {
                throw new IllegalArgumentException("no token for user \"" + user + "\" in " + tokenAuthFile);
            }
        }
        Path ca = certificateAuthority;
        if (ca == null && server.startsWith("https:") && Files.exists(DEFAULT_CA)) {
            ca = DEFAULT_CA;
        }
        String caData = ca == null ? null : Base64.getEncoder().encodeToString(Files.readAllBytes(ca));
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new IllegalArgumentException("--client-certificate and --client-key go together");
        }
        out.print(render(server.replaceAll("/+$", ""), namespace, bearer, caData,
                clientCertificate == null ? null : Files.readString(clientCertificate),
                clientKey == null ? null : Files.readString(clientKey)));
        out.flush();
        return 0;
    }

    static final Path DEFAULT_CA = Path.of("rollbook-data", "tls", "ca.crt");

    /** The kubeconfig text: one cluster, user and context, all named {@code rollbook}. */
    public static String render(String server, String namespace, String token) {
        return render(server, namespace, token, null);
    }

    /** @param caData the CA certificate (PEM), base64, for {@code certificate-authority-data}; null for none */
    public static String render(String server, String namespace, String token, String caData) {
        return render(server, namespace, token, caData, null, null);
    }

    /**
     * @param certificatePem a client certificate (PEM) for the user entry's
     *                       {@code client-certificate-data}, with its key {@code keyPem}
     *                       ({@code client-key-data}); null for none
     */
    public static String render(String server, String namespace, String token, String caData,
                                String certificatePem, String keyPem) {
        Base64.Encoder b64 = Base64.getEncoder();
        String user = (token == null ? "" : "\n    token: " + token)
                + (certificatePem == null ? "" : "\n    client-certificate-data: "
                + b64.encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII))
                + "\n    client-key-data: " + b64.encodeToString(keyPem.getBytes(StandardCharsets.US_ASCII)));
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: rollbook\n"
                + "  cluster:\n"
                + "    server: " + server + "\n"
                + (caData == null ? "" : "    certificate-authority-data: " + caData + "\n")
                + "users:\n"
                + "- name: rollbook\n"
                + "  user:" + (user.isEmpty() ? " {}\n" : user + "\n")
                + "contexts:\n"
                + "- name: rollbook\n"
                + "  context:\n"
                + "    cluster: rollbook\n"
                + "    user: rollbook\n"
                + "    namespace: " + namespace + "\n"
                + "current-context: rollbook\n";
    }
}
