package io.rollbook.infra.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.rollbook.infra.auth.TokenFile;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code rollbook kubeconfig [--server URL] [-n NS] [--user NAME --token-auth-file FILE]}: a kubeconfig for the Kubernetes API of a
 * running {@code up}, so {@code rollbook kubeconfig > rb.yaml; KUBECONFIG=rb.yaml kubectl get deploy}
 * works without {@code --server}.
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String bearer = token;
        if (user != null) {
            if (token != null || tokenAuthFile == null) {
                throw new IllegalArgumentException("--user NAME needs --token-auth-file FILE (and no --token)");
            }
            bearer = TokenFile.read(tokenAuthFile).tokenOf(user);
            if (bearer == null) {
                throw new IllegalArgumentException("no token for user \"" + user + "\" in " + tokenAuthFile);
            }
        }
        out.print(render(server.replaceAll("/+$", ""), namespace, bearer));
        out.flush();
        return 0;
    }

    /** The kubeconfig text: one cluster, user and context, all named {@code rollbook}. */
    public static String render(String server, String namespace, String token) {
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: rollbook\n"
                + "  cluster:\n"
                + "    server: " + server + "\n"
                + "users:\n"
                + "- name: rollbook\n"
                + "  user:" + (token == null ? " {}\n" : "\n    token: " + token + "\n")
                + "contexts:\n"
                + "- name: rollbook\n"
                + "  context:\n"
                + "    cluster: rollbook\n"
                + "    user: rollbook\n"
                + "    namespace: " + namespace + "\n"
                + "current-context: rollbook\n";
    }
}
