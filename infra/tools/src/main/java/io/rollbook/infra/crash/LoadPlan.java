package io.rollbook.infra.crash;

import io.rollbook.api.codec.Manifests;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.CommandPayload;
import io.rollbook.api.command.Pause;
import io.rollbook.api.command.Resume;
import io.rollbook.api.command.Scale;
import io.rollbook.api.command.SetImage;
import io.rollbook.api.command.Undo;
import io.rollbook.api.value.ObjectRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic load: for each of D Deployments an Apply, then 4-6 of set image, scale, pause,
 * resume and undo, ending unpaused. The same seed gives the same commands with the same ids, so a
 * crash run and a fault-free run can be compared command by command.
 *
 * <p>Chosen so that the settled end state does not depend on timing: at most 7 revisions (below the
 * default revisionHistoryLimit of 10, so no history cleanup races an undo), no minReadySeconds, no
 * image the kubelet stand-in fails, and never left paused (a pause freezes a rollout wherever it is).
 *
 * @param rounds round {@code i} holds the {@code i}-th command of every Deployment that has one
 */
public record LoadPlan(List<ObjectRef> deployments, List<List<CommandEnvelope>> rounds) {

    static final String CONTAINER = "app";

    public static LoadPlan generate(long seed, int deployments) {
        List<ObjectRef> targets = new ArrayList<>();
        List<List<CommandEnvelope>> rounds = new ArrayList<>();
        for (int d = 0; d < deployments; d++) {
            ObjectRef target = ObjectRef.deployment("default", String.format("crash-%03d", d));
            targets.add(target);
            List<CommandPayload> steps = steps(new Random(seed * 1_000_003L + d), target.name());
            for (int i = 0; i < steps.size(); i++) {
                while (rounds.size() <= i) {
                    rounds.add(new ArrayList<>());
                }
                String id = "load-" + seed + "-" + target.name() + "-" + i;
                rounds.get(i).add(CommandEnvelope.of(id, target, Instant.EPOCH, "crash-loadgen", null, steps.get(i)));
            }
        }
        return new LoadPlan(List.copyOf(targets), rounds.stream().map(List::copyOf).toList());
    }

    /** Every command, round by round. */
    public List<CommandEnvelope> commands() {
        return rounds.stream().flatMap(List::stream).toList();
    }

    private static List<CommandPayload> steps(Random random, String name) {
        List<CommandPayload> steps = new ArrayList<>();
        steps.add(new Apply(Manifests.parse(manifest(random, name)).get(0)));
        int version = 1;
        boolean paused = false;
        int count = 4 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    // now and then the same image again: valid, Unchanged
                    version = random.nextInt(5) == 0 ? version : version + 1;
                    steps.add(new SetImage(Map.of(CONTAINER, image(version))));
                }
                case 2 -> steps.add(new Scale(1 + random.nextInt(5)));
                case 3 -> {
                    steps.add(paused ? new Resume() : new Pause());
                    paused = !paused;
                }
                case 4 -> steps.add(new Undo(0)); // refused while paused or at revision 1: also an outcome
                default -> {
                    steps.add(new Resume()); // refused when not paused
                    paused = false;
                }
            }
        }
        if (paused) {
            steps.add(new Resume());
        }
        return steps;
    }

    private static String image(int version) {
        return "registry.local/app:v" + version;
    }

    private static String manifest(Random random, String name) {
        String strategy;
        if (random.nextInt(4) == 0) {
            strategy = "{type: Recreate}";
        } else {
            String[] surge = {"0", "1", "2", "25%", "50%"};
            String[] unavailable = {"0", "1", "25%", "50%"};
            String s = surge[random.nextInt(surge.length)];
            String u = unavailable[random.nextInt(unavailable.length)];
            if (s.equals("0") && u.equals("0")) {
                u = "1";
            }
            strategy = "{type: RollingUpdate, rollingUpdate: {maxSurge: " + quote(s) + ", maxUnavailable: " + quote(u) + "}}";
        }
        return "apiVersion: apps/v1\nkind: Deployment\n"
                + "metadata: {name: " + name + ", namespace: default, labels: {app: " + name + "}}\n"
                + "spec:\n"
                + "  replicas: " + (1 + random.nextInt(4)) + "\n"
                + "  selector: {matchLabels: {app: " + name + "}}\n"
                + "  strategy: " + strategy + "\n"
                + "  template:\n"
                + "    metadata: {labels: {app: " + name + "}}\n"
                + "    spec: {containers: [{name: " + CONTAINER + ", image: \"" + image(1) + "\"}]}\n";
    }

    private static String quote(String v) {
        return v.endsWith("%") ? "\"" + v + "\"" : v;
    }
}
