package io.rollbook.infra.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code rollbook kubeconfig [--server URL] [-n NS]}: a kubeconfig for the Kubernetes API of a
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(render(server.replaceAll("/+$", ""), namespace, token));
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
