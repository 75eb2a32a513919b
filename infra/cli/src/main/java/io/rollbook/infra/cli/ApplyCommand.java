package io.rollbook.infra.cli;

import io.rollbook.api.codec.ManifestException;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.CommandClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rollbook apply -f FILE}: each Deployment, ReplicaSet, Namespace, NetworkPolicy or
 * NetworkAttachmentDefinition of the file (several documents or a v1 List) becomes an Apply command,
 * in the file's order; prints {@code created}, {@code configured} or {@code unchanged} per object as
 * kubectl does. Nothing is sent when any document cannot be read.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Apply a configuration to a Deployment, ReplicaSet, Namespace, NetworkPolicy or "
                + "NetworkAttachmentDefinition from a file (YAML or JSON).")
final class ApplyCommand extends CommandVerb {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "The manifest; - reads stdin.")
    String file;

    @Option(names = "--record", description = "Record the command line as the change-cause.")
    boolean record;

    @Option(names = "--cause", paramLabel = "TEXT", description = "Record TEXT as the change-cause.")
    String cause;

    private final InputStream stdin;

    ApplyCommand(Clock clock, InputStream stdin) {
        super(clock);
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
        List<Apply> objects = read();
        String changeCause = cause != null ? cause : record ? recordedCommand() : null;
        int status = 0;
        try (CommandClient client = CommandSender.client(kafka)) {
            for (Apply apply : objects) {
                KubeObject o = apply.manifest();
                String ns = o.metadata().namespace() != null ? o.metadata().namespace() : namespace;
                ObjectRef target = new ObjectRef(o.kind(), ns, o.metadata().name());
                status = Math.max(status, sender.sendAndPrint(client,
                        sender.envelope(target, clock, changeCause, apply),
                        spec.commandLine().getOut(), spec.commandLine().getErr()));
            }
        }
        return status;
    }

    private List<Apply> read() throws IOException {
        String text;
        try {
            text = "-".equals(file) ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the path \"" + file + "\" does not exist");
        }
        List<Apply> objects = new ArrayList<>();
        try {
            for (Manifests.Document doc : Manifests.documents(text)) {
                KubeObject o = Manifests.toObject(doc);
                if (o instanceof Pod) {
                    throw new IllegalArgumentException("rollbook applies Deployments, ReplicaSets, Namespaces, "
                            + "NetworkPolicies and NetworkAttachmentDefinitions; \"" + file + "\" holds a "
                            + doc.kind());
                }
                if (o.metadata().name() == null || o.metadata().name().isEmpty()) {
                    throw new IllegalArgumentException("error when retrieving current configuration of a "
                            + doc.kind() + " from \"" + file + "\": resource name may not be empty");
                }
                objects.add(new Apply(o)); // refuses a manifest over the size limit before anything is sent
            }
        } catch (ManifestException e) {
            throw new IllegalArgumentException("error parsing " + file + ": " + e.getMessage());
        }
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("no objects passed to apply");
        }
        return objects;
    }
}
