package io.rollbook.infra.bench;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * JDK Flight Recorder around a phase, when asked for ({@code --jfr DIR}): {@code DIR/<phase>.jfr}
 * with Java samples every 10 ms and thread parks of 1 ms or more, and {@code DIR/<phase>-profile.txt},
 * its summary ({@link JfrSummary}). Without a directory every call does nothing.
 */
final class Profiler {

    private final Path dir;
    private final Map<String, Recording> recordings = new HashMap<>();

    Profiler(Path dir) {
        this.dir = dir;
    }

    static Profiler none() {
        return new Profiler(null);
    }

    void start(String phase) {
        if (dir == null) {
            return;
        }
        try {
            Recording r = new Recording(Configuration.getConfiguration("profile"));
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("jdk.ThreadPark").withThreshold(Duration.ofMillis(1)).withStackTrace();
            r.setName("bench-" + phase);
            r.start();
            recordings.put(phase, r);
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot start JFR: " + e.getMessage(), e);
        }
    }

    /**
     * Stops the phase's recording and writes it and its summary.
     *
     * @param units  what the per-unit costs are divided by (commands processed in the window)
     * @param window the part of the recording the summary counts: {from, to}
     */
    void stop(String phase, long units, Instant[] window) {
        Recording r = recordings.remove(phase);
        if (r == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(phase + ".jfr");
            r.stop();
            r.dump(file);
            r.close();
            Files.writeString(dir.resolve(phase + "-profile.txt"), JfrSummary.summarize(file, units, window[0], window[1])
                    + "\nwindow: " + window[0] + " " + window[1] + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JFR recording of " + phase + " to " + dir, e);
        }
    }
}
