package io.rollbook.infra.crash;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Java main of ours in its own JVM, output appended to a log file, killed with SIGKILL on demand. */
final class ChildJvm {

    private final String name;
    private final Process process;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static ChildJvm start(String name, String classpath, String heap, Path log, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1"); // short-lived: quick start beats peak speed on 2 cores
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        try {
            File file = log.toFile();
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(file)).start();
            return new ChildJvm(name, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** A port free on this machine now, for a child to listen on (another process may take it first: rare). */
    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits up to {@code seconds} for the process to end; its exit status, or -1 if it is still running. */
    int await(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** SIGKILL: no shutdown hook runs, an open transaction is left for the next instance to abort. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL if it has not stopped within {@code seconds}. */
    void stop(int seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** SIGTERM to every one at once, then each waited for (SIGKILL after {@code seconds}): a planned stop of many. */
    static void stopAll(java.util.Collection<ChildJvm> jvms, int seconds) throws InterruptedException {
        jvms.forEach(j -> j.process.destroy());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (ChildJvm j : jvms) {
            if (!j.process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                j.kill();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
