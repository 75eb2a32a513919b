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
import java.io.PrintWriter;
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
 * kubectl does. As kubectl against an API server, each document stands on its own: one that cannot be
 * decoded, or that the engine refuses, is printed as an error and the others are still applied; the
 * exit status is 1 if any failed. A file that is not YAML at all applies nothing.
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
        List<Document> documents = read();
        String changeCause = cause != null ? cause : record ? recordedCommand() : null;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int status = 0;
        CommandClient client = null;
        try {
            for (Document document : documents) {
                if (document.refusal() != null) {
                    err.println("error: " + document.refusal());
                    err.flush();
                    status = Main.FAILURE;
                    continue;
                }
                KubeObject o = document.apply().manifest();
                String ns = o.metadata().namespace() != null ? o.metadata().namespace() : namespace;
                ObjectRef target = new ObjectRef(o.kind(), ns, o.metadata().name());
                client = client != null ? client : sender.client(kafka);
                status = Math.max(status, sender.sendAndPrint(kafka, client,
                        sender.envelope(target, clock, changeCause, document.apply()), out, err));
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
        return status;
    }

    /** One document of the file: the command it becomes, or why it cannot be applied. */
    private record Document(Apply apply, String refusal) {
    }

    private List<Document> read() throws IOException {
        String text;
        try {
            text = "-".equals(file) ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the path \"" + file + "\" does not exist");
        }
        List<Manifests.Document> docs;
        try {
            docs = Manifests.documents(text);
        } catch (ManifestException e) {
            throw new IllegalArgumentException("error parsing " + file + ": " + e.getMessage());
        }
        if (docs.isEmpty()) {
            throw new IllegalArgumentException("no objects passed to apply");
        }
        List<Document> out = new ArrayList<>();
        for (Manifests.Document doc : docs) {
            out.add(document(doc));
        }
        return out;
    }

    private Document document(Manifests.Document doc) {
        KubeObject o;
        try {
            o = Manifests.toObject(doc);
        } catch (ManifestException e) {
            return new Document(null, "error parsing " + file + ": " + e.getMessage());
        }
        if (o instanceof Pod) {
            return new Document(null, "rollbook applies Deployments, ReplicaSets, Namespaces, NetworkPolicies and "
                    + "NetworkAttachmentDefinitions; \"" + file + "\" holds a " + doc.kind());
        }
        if (o.metadata().name() == null || o.metadata().name().isEmpty()) {
            return new Document(null, "error when retrieving current configuration of a " + doc.kind() + " from \""
                    + file + "\": resource name may not be empty");
        }
        try {
            return new Document(new Apply(o), null); // refuses a manifest over the size limit before anything is sent
        } catch (IllegalArgumentException e) {
            return new Document(null, e.getMessage());
        }
    }
}
