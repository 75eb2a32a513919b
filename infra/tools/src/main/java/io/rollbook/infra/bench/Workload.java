package io.rollbook.infra.bench;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.value.ObjectRef;

import java.time.Instant;
import java.util.Map;

/**
 * The benchmark's objects and commands: Deployments named {@code bench-N} in namespace
 * {@code bench}, one container {@code app}, the API server's default strategy (RollingUpdate
 * 25%/25%), and the Scale/SetImage mix the throughput and latency phases send.
 */
final class Workload {

    static final String NAMESPACE = "bench";
    static final String CONTAINER = "app";
    static final String IMAGE_V1 = "registry.example/app:v1";
    static final String IMAGE_V2 = "registry.example/app:v2";
    static final String ACTOR = "bench";

    private Workload() {
    }

    static ObjectRef deployment(int i) {
        return ObjectRef.deployment(NAMESPACE, "bench-" + i);
    }

    /** A Deployment with the default strategy (no strategy block: the API server's 25%/25%). */
    static Apply apply(int i, int replicas, String image) {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: bench-%d
                  namespace: %s
                  labels: {app: bench-%d}
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: bench-%d}
                  template:
                    metadata:
                      labels: {app: bench-%d}
                    spec:
                      containers:
                      - name: %s
                        image: %s
                        ports:
                        - containerPort: 8080
                """.formatted(i, NAMESPACE, i, replicas, i, i, CONTAINER, image);
        return new Apply(Manifests.parse(yaml).get(0));
    }

    static SetImage setImage(String image) {
        return new SetImage(Map.of(CONTAINER, image));
    }

    /**
     * The k-th command of the mixed load for one Deployment: even k scale (alternating 3 and 5
     * replicas), odd k set the image (alternating v2 and v1). Alternating images roll back and forth
     * between two ReplicaSets, so the state per Deployment stays bounded however long the run.
     */
    static CommandPayload mixed(long k) {
        if (k % 2 == 0) {
            return new Scale((k / 2) % 2 == 0 ? 5 : 3);
        }
        return setImage((k / 2) % 2 == 0 ? IMAGE_V2 : IMAGE_V1);
    }

    static CommandEnvelope command(String id, ObjectRef target, CommandPayload payload, Instant issuedAt) {
        return CommandEnvelope.of(id, target, issuedAt, ACTOR, null, payload);
    }
}
