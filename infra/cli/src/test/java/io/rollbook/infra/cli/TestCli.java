package io.rollbook.infra.cli;

import io.rollbook.infra.app.Rollbook;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;

/** Runs the CLI in-process against a running {@code up}, as a person would from a terminal (for other packages' tests). */
public final class TestCli {

    public record Run(int exit, String out, String err) {
    }

    private TestCli() {
    }

    /** {@code rollbook ARGS...} with {@code --server} for queries and {@code --bootstrap-servers} for commands. */
    public static Run run(Rollbook up, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Clock.systemUTC(), new ByteArrayInputStream(new byte[0]));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(DemoCommand.connected(up, args));
        return new Run(exit, out.toString(), err.toString());
    }
}
