package io.rollbook.infra.cli;

import io.rollbook.infra.app.Rollbook;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process against a running {@code up}, as a person would from a terminal (for other packages' tests). */
public final class TestCli {

    public record Run(int exit, String out, String err) {
    }

    private TestCli() {
    }

    /** {@code rollbook ARGS...} with {@code --server} for queries and {@code --bootstrap-servers} for commands. */
    public static Run run(Rollbook up, String... args) {
        List<String> full = new ArrayList<>(List.of(args));
        boolean query = List.of("get", "replay", "audit", "net").contains(args[0])
                || (args[0].equals("rollout") && List.of("status", "history").contains(args[1]));
        full.add(query ? "--server=" + up.httpUrl("127.0.0.1") : "--bootstrap-servers=" + up.kafka().bootstrapServers());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Clock.systemUTC(), new ByteArrayInputStream(new byte[0]));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(full.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}
