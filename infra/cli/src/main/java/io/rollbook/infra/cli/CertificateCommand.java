package io.rollbook.infra.cli;

import io.rollbook.infra.auth.Tls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code rollbook certificate --user NAME [--group G]... [--data-dir DIR] [--out DIR]}: a client
 * certificate for {@code NAME}, signed by the CA {@code up --tls} made in {@code DIR/tls}, written
 * as {@code NAME.crt} and {@code NAME.key} (owner-only). With {@code up --client-ca-file
 * DIR/tls/ca.crt} it authenticates as {@code NAME} in the groups; {@code rollbook kubeconfig
 * --client-certificate NAME.crt --client-key NAME.key} puts it in a kubeconfig.
 */
@Command(name = "certificate", mixinStandardHelpOptions = true,
        description = "Mint a client certificate for a user, signed by `up --tls`'s CA.")
public final class CertificateCommand implements Callable<Integer> {

    private final Clock clock;

    @Spec
    CommandSpec spec;

    @Option(names = "--user", paramLabel = "NAME", required = true, description = "The user (the subject's CN).")
    String user;

    @Option(names = "--group", paramLabel = "GROUP", description = "A group (an O of the subject); repeatable.")
    List<String> groups = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "rollbook-data",
            description = "`up`'s data directory, whose tls/ holds the CA (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where to write NAME.crt and NAME.key (default: the current directory).")
    Path out;

    CertificateCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        if (!user.matches("[A-Za-z0-9@._:-]+")) {
            throw new IllegalArgumentException("--user must be a name of letters, digits and @._:-, was \"" + user + "\"");
        }
        Tls.ClientCertificate c = Tls.clientCertificate(dataDir.resolve("tls"), user, groups, clock.instant());
        Path crt = out.resolve(user + ".crt");
        Path key = out.resolve(user + ".key");
        if (Files.exists(crt) || Files.exists(key)) {
            throw new IllegalArgumentException(crt + " or " + key + " exists already: remove it or give another --out");
        }
        Files.createDirectories(out);
        Files.writeString(crt, c.certificate());
        Tls.writePrivate(key, c.key());
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + crt + " and " + key + " (user \"" + user + "\"" + (groups.isEmpty() ? "" : ", groups "
                + String.join(",", groups)) + ")");
        w.flush();
        return 0;
    }
}
