package io.rollbook.projections.golden;

import io.rollbook.api.event.EventEnvelope;
import io.rollbook.api.event.Events;
import io.rollbook.projections.Kubectl;
import io.rollbook.projections.ProjectionStore;
import io.rollbook.projections.audit.AuditQuery;
import io.rollbook.projections.fixtures.GoldenScenario;
import io.rollbook.projections.history.RevisionRecord;
import io.rollbook.projections.replay.ReplayPoint;
import io.rollbook.projections.text.OutputFormat;
import io.rollbook.projections.text.Printed;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.rollbook.projections.fixtures.NginxScenario.NAME;
import static io.rollbook.projections.fixtures.NginxScenario.NGINX;
import static io.rollbook.projections.fixtures.NginxScenario.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logs that replay forever. {@code src/test/resources/golden/<release>/events.jsonl} is the log a
 * release wrote for {@link GoldenScenario} (one {@code Events.encode} per line), and the files in
 * {@code expected/} beside it are the answers its projections gave: rollout history (kubectl's and
 * wide, and each revision, also the cleaned-up ones), rollout status, the audit trail, the objects,
 * and the replay of each revision. Every later release must read each committed log and give the
 * same answers; a golden directory is never edited, a new release adds its own with
 * {@code -Drollbook.writeGoldenLog=true} (it writes {@link #THIS_RELEASE}'s).
 */
class GoldenLogTest {

    /** The directory this release writes when asked. */
    static final String THIS_RELEASE = "0.1.0";
    static final Path ROOT = Path.of("src/test/resources/golden");
    /** AGE in the tables is counted from here. */
    static final Instant NOW = T0.plusSeconds(3600);
    private static final Pattern REVISION = Pattern.compile("(history-revision|replay-revision)-(\\d+)");

    @TestFactory
    Stream<DynamicTest> everyCommittedLogGivesTheAnswersItGaveWhenItWasWritten() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> releases = Files.list(ROOT)) {
            for (Path release : releases.sorted().toList()) {
                Kubectl kubectl = new Kubectl(replay(release.resolve("events.jsonl")));
                try (Stream<Path> answers = Files.list(release.resolve("expected"))) {
                    for (Path expected : answers.sorted().toList()) {
                        String question = expected.getFileName().toString().replaceFirst("\\.txt$", "");
                        tests.add(DynamicTest.dynamicTest(release.getFileName() + ": " + question, () ->
                                assertThat(render(ask(kubectl, question)))
                                        .as("the answer to %s from the log %s wrote", question, release.getFileName())
                                        .isEqualTo(Files.readString(expected, StandardCharsets.UTF_8))));
                    }
                }
            }
        }
        assertThat(tests).as("golden logs under " + ROOT).isNotEmpty();
        return tests.stream();
    }

    @Test
    void thisReleasesGoldenLogIsCommittedWithItsAnswers() throws IOException {
        if (Boolean.getBoolean("rollbook.writeGoldenLog")) {
            write(ROOT.resolve(THIS_RELEASE));
        }
        Path release = ROOT.resolve(THIS_RELEASE);
        assertThat(release.resolve("events.jsonl")).exists();
        assertThat(release.resolve("expected/replay-revision-1.txt")).exists();
        assertThat(release.resolve("expected/history-revision-2.txt")).as("a cleaned-up revision").exists();
    }

    private static ProjectionStore replay(Path log) throws IOException {
        ProjectionStore store = new ProjectionStore();
        long offset = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            store.apply(Events.decode(line.getBytes(StandardCharsets.UTF_8)), 0, offset++);
        }
        return store;
    }

    /** The question a file name asks, as the CLI would. */
    private static Printed ask(Kubectl kubectl, String question) {
        Matcher revision = REVISION.matcher(question);
        if (revision.matches()) {
            long n = Long.parseLong(revision.group(2));
            return revision.group(1).equals("history-revision")
                    ? kubectl.rolloutHistory("default", NAME, n, OutputFormat.WIDE)
                    : kubectl.replay(NGINX, new ReplayPoint.ToRevision(n), OutputFormat.YAML);
        }
        return switch (question) {
            case "history" -> kubectl.rolloutHistory("default", NAME, 0, OutputFormat.TABLE);
            case "history-wide" -> kubectl.rolloutHistory("default", NAME, 0, OutputFormat.WIDE);
            case "status" -> kubectl.rolloutStatus("default", NAME, 0);
            case "audit" -> kubectl.audit(AuditQuery.of(NGINX), OutputFormat.TABLE);
            case "get-deployments" -> kubectl.get("deployments", "default", null, OutputFormat.WIDE, NOW);
            case "get-replicasets" -> kubectl.get("rs", "default", null, OutputFormat.WIDE, NOW);
            case "get-pods" -> kubectl.get("pods", "default", null, OutputFormat.TABLE, NOW);
            default -> throw new IllegalArgumentException("no question is named " + question);
        };
    }

    private static String render(Printed p) {
        return "exit " + p.exitCode() + "\n--- stdout\n" + p.stdout() + "--- stderr\n" + p.stderr();
    }

    private static void write(Path release) throws IOException {
        List<EventEnvelope> events = GoldenScenario.events();
        Files.createDirectories(release.resolve("expected"));
        List<String> lines = events.stream().map(e -> new String(Events.encode(e), StandardCharsets.UTF_8)).toList();
        Files.write(release.resolve("events.jsonl"), lines, StandardCharsets.UTF_8);
        Kubectl kubectl = new Kubectl(replay(release.resolve("events.jsonl")));
        Map<String, Printed> answers = new LinkedHashMap<>();
        for (String q : List.of("history", "history-wide", "status", "audit", "get-deployments", "get-replicasets",
                "get-pods")) {
            answers.put(q, ask(kubectl, q));
        }
        ProjectionStore store = replay(release.resolve("events.jsonl"));
        for (RevisionRecord r : store.revisions("default", NAME)) {
            answers.put("history-revision-" + r.revision(), ask(kubectl, "history-revision-" + r.revision()));
            answers.put("replay-revision-" + r.revision(), ask(kubectl, "replay-revision-" + r.revision()));
        }
        for (Map.Entry<String, Printed> a : answers.entrySet()) {
            Files.writeString(release.resolve("expected/" + a.getKey() + ".txt"), render(a.getValue()),
                    StandardCharsets.UTF_8);
        }
    }
}
