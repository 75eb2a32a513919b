package io.rollbook.infra.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.codec.ManifestException;
import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.http.ReadRoutes.Freshness;
import io.rollbook.infra.kafka.CommandClient;
import io.rollbook.infra.kafka.KafkaSettings;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Writes as commands: each accepted write is ONE command on {@code rollbook.commands} (Apply of the
 * whole resulting manifest, Scale, Delete), the answer waits for its outcome and then for the
 * projections to have read the log that far, so the object returned (and kubectl's next GET)
 * already shows the write. A Rejected outcome becomes the API server's Status.
 */
final class KubeWrites implements AutoCloseable {

    /** Fields the server owns: never part of the manifest sent to the engine. */
    private static final List<String> SERVER_METADATA = List.of("uid", "resourceVersion", "generation",
            "creationTimestamp", "deletionTimestamp", "managedFields", "selfLink");
    static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final Topics topics;
    private final Freshness freshness;
    private final Clock clock;
    private CommandClient client; // guarded by this: CommandClient is not thread-safe

    KubeWrites(KafkaSettings kafka, Topics topics, Freshness freshness, Clock clock) {
        this.kafka = kafka;
        this.topics = topics;
        this.freshness = freshness;
        this.clock = clock;
    }

    static ObjectRef target(Resource r, String namespace, String name) {
        return r == Resource.DEPLOYMENTS ? ObjectRef.deployment(namespace, name) : ObjectRef.replicaSet(namespace, name);
    }

    /** The manifest of {@code desired} (server-owned metadata and status dropped), bound to its type. */
    static KubeObject manifest(Resource r, String namespace, String name, JsonNode desired) {
        if (!desired.isObject()) {
            throw KubeStatus.badRequest("the body must be a JSON object");
        }
        ObjectNode m = ((ObjectNode) desired).deepCopy();
        m.remove("status");
        m.put("apiVersion", r.apiVersion()).put("kind", r.kind());
        ObjectNode meta = m.with("metadata");
        meta.remove(SERVER_METADATA);
        if (meta.hasNonNull("name") && !meta.get("name").asText().equals(name)) {
            throw KubeStatus.badRequest("the name of the object (" + meta.get("name").asText()
                    + ") does not match the name on the URL (" + name + ")");
        }
        meta.put("name", name).put("namespace", namespace);
        KubeObject object;
        try {
            object = Manifests.toObject(new Manifests.Document(r.apiVersion(), r.kind(), m));
        } catch (ManifestException e) {
            String prefix = r.kind() + " in version \"v1\" cannot be handled as a " + r.kind() + ": ";
            throw KubeStatus.badRequest(e.getMessage().startsWith(prefix) ? e.getMessage() : prefix + e.getMessage());
        }
        if (Codec.toJson(object).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Apply.MAX_MANIFEST_BYTES) {
            throw KubeStatus.requestEntityTooLarge(Apply.MAX_MANIFEST_BYTES); // more than one event could hold
        }
        return object;
    }

    /**
     * Sends Apply of {@code desired} (with {@code serverSide}: an applied configuration) as
     * {@code fieldManager}; returns once the projections have seen the outcome.
     */
    Outcome apply(Resource r, String namespace, String name, JsonNode desired, Apply.ServerSide serverSide,
                  Writer writer) {
        return send(r, namespace, name, new Apply(manifest(r, namespace, name, desired), serverSide), writer);
    }

    /** Sends one command and waits for its outcome and for the projections to catch up. */
    Outcome send(Resource r, String namespace, String name, CommandPayload payload, Writer writer) {
        return send(target(r, namespace, name), r, name, payload, writer);
    }

    /**
     * Who writes: the actor recorded on the events ({@code issuedBy}) and the field manager recorded
     * in {@code metadata.managedFields} (null: the engine's default).
     */
    record Writer(String actor, String fieldManager) {

        static Writer of(KubeRequest req) {
            return new Writer(req.actor(), req.fieldManager());
        }
    }

    /**
     * Sends one command to {@code target} and waits as {@link #send(Resource, String, String, CommandPayload,
     * Writer)} does; a rejection is the API server's Status for {@code name} of {@code r}.
     */
    Outcome send(ObjectRef target, Resource r, String name, CommandPayload payload, Writer writer) {
        CommandEnvelope command = new CommandEnvelope(UUID.randomUUID().toString(), target, clock.instant(),
                writer.actor(), null, payload, writer.fieldManager());
        Outcome outcome;
        try {
            synchronized (this) {
                if (client == null) {
                    client = new CommandClient(kafka, topics, "rollbook-kube-api");
                }
                outcome = client.send(command, OUTCOME_TIMEOUT);
            }
        } catch (TimeoutException e) {
            throw KubeStatus.timeout("no outcome for the " + command.type() + " command within "
                    + OUTCOME_TIMEOUT.toSeconds() + "s; it may still be applied");
        }
        if (outcome.status() == Outcome.Status.Rejected) {
            throw KubeStatus.rejected(r, name, outcome.reason(), outcome.message());
        }
        try {
            freshness.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KubeStatus.internal("interrupted");
        }
        return outcome;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
