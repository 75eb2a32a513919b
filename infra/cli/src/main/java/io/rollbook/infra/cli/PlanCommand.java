package io.rollbook.infra.cli;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.ManifestException;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.engine.apiserver.Defaults;
import io.rollbook.engine.deployment.Plan;
import io.rollbook.engine.deployment.Reconciler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code rollbook plan -f STATE [--now TIME] [-o json]}: the controller's next step for a snapshot
 * (docs/contract.md, "plan").
 *
 * <p>The snapshot is read as {@code kubectl get deploy,rs,pods -o yaml} writes it: kinds other than
 * Deployment, ReplicaSet and Pod are skipped. It must hold exactly one Deployment; its
 * ReplicaSets and Pods are the ones of its namespace. Unset fields get the API server's defaults,
 * as a stored object has them; the Deployment is not re-validated, as the controller does not.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the Deployment controller's next step for a snapshot of a Deployment, "
                + "its ReplicaSets and (optionally) its Pods.")
public final class PlanCommand implements Callable<Integer> {

    /** Largest snapshot read, in bytes: the limit the codec puts on one manifest. */
    static final int MAX_INPUT_BYTES = Codec.MAX_DOCUMENT_CHARS;
    private static final Set<String> PLANNED_KINDS = Set.of(Deployment.KIND, ReplicaSet.KIND, Pod.KIND);

    private final Clock clock;
    private final InputStream stdin;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "STATE",
            description = "Snapshot to plan, YAML or JSON (a v1 List or several documents); - reads stdin.")
    private String file;

    @Option(names = "--now", paramLabel = "TIME",
            description = "The controller's clock, RFC 3339 (default: the current time).")
    private String now;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "json for the machine-readable plan; default a short table.")
    private String output;

    /**
     * @param clock the time used when {@code --now} is not given
     * @param stdin what {@code -f -} reads
     */
    public PlanCommand(Clock clock, InputStream stdin) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    @Override
    public Integer call() {
        boolean json = jsonOutput();
        Instant at = controllerTime();
        Snapshot snapshot;
        try {
            snapshot = Snapshot.of(parse(read()), source());
        } catch (InputException e) {
            return fail(e.getMessage());
        } catch (ManifestException e) {
            return fail("error parsing " + source() + ": " + e.getMessage());
        }
        Plan plan = Reconciler.reconcile(snapshot.deployment(), snapshot.replicaSets(), snapshot.pods(), at);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? PlanRenderer.json(plan) : PlanRenderer.table(plan));
        out.flush();
        return 0;
    }

    private boolean jsonOutput() {
        if (output == null) {
            return false;
        }
        if (!"json".equals(output)) {
            throw new ParameterException(spec.commandLine(), "unable to match a printer suitable for the output "
                    + "format \"" + output + "\", allowed formats are: json");
        }
        return true;
    }

    private Instant controllerTime() {
        if (now == null) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(now).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "invalid --now \"" + now + "\": " + e.getMessage()
                    + " (want RFC 3339, for example 2026-01-01T00:00:00Z)");
        }
    }

    private String source() {
        return "-".equals(file) ? "STDIN" : file;
    }

    /** The whole input as UTF-8 text, at most {@link #MAX_INPUT_BYTES}. Never closes stdin. */
    private String read() {
        try {
            if ("-".equals(file)) {
                return decode(stdin.readNBytes(MAX_INPUT_BYTES + 1));
            }
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                return decode(in.readNBytes(MAX_INPUT_BYTES + 1));
            }
        } catch (NoSuchFileException e) {
            throw new InputException("the path \"" + file + "\" does not exist");
        } catch (IOException e) {
            throw new InputException("cannot read " + source() + ": " + e.getMessage());
        }
    }

    private String decode(byte[] bytes) {
        if (bytes.length > MAX_INPUT_BYTES) {
            throw new InputException(source() + " is larger than " + MAX_INPUT_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(source() + " is not UTF-8 text");
        }
    }

    /** The planned kinds, typed; everything else in the snapshot (Services, Events, ...) is skipped. */
    private static List<KubeObject> parse(String text) {
        List<KubeObject> objects = new ArrayList<>();
        for (Manifests.Document doc : Manifests.documents(text)) {
            if (PLANNED_KINDS.contains(doc.kind())) {
                objects.add(Manifests.toObject(doc));
            }
        }
        return objects;
    }

    private int fail(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + message);
        err.flush();
        return Main.FAILURE;
    }

    /** Input the user has to fix: the message is printed as is. */
    private static final class InputException extends RuntimeException {
        InputException(String message) {
            super(message);
        }
    }

    /**
     * What one reconcile reads: the Deployment and the ReplicaSets of its namespace, defaulted as
     * stored objects are, and its namespace's Pods, or null Pods when the snapshot holds none.
     */
    record Snapshot(Deployment deployment, List<ReplicaSet> replicaSets, List<Pod> pods) {

        static Snapshot of(List<KubeObject> objects, String source) {
            Deployment d = Defaults.apply(theDeployment(objects, source));
            String ns = namespace(d);
            List<ReplicaSet> rss = new ArrayList<>();
            List<Pod> pods = new ArrayList<>();
            boolean anyPods = false;
            for (KubeObject o : objects) {
                anyPods |= o instanceof Pod;
                if (o instanceof ReplicaSet rs && ns.equals(namespace(rs))) {
                    rss.add(Defaults.apply(rs));
                } else if (o instanceof Pod pod && ns.equals(namespace(pod))) {
                    pods.add(pod);
                }
            }
            return new Snapshot(d, List.copyOf(rss), anyPods ? List.copyOf(pods) : null);
        }

        private static Deployment theDeployment(List<KubeObject> objects, String source) {
            List<Deployment> found = new ArrayList<>();
            objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).forEach(found::add);
            if (found.isEmpty()) {
                throw new InputException("no Deployment in " + source + ": a plan needs exactly one");
            }
            if (found.size() > 1) {
                List<String> keys = found.stream().map(KubeObject::key).toList();
                throw new InputException("found " + found.size() + " Deployments in " + source + " ("
                        + String.join(", ", keys) + "): a plan needs exactly one");
            }
            return found.get(0);
        }

        private static String namespace(KubeObject o) {
            String ns = o.metadata().namespace();
            return ns == null || ns.isEmpty() ? "default" : ns;
        }
    }
}
