package io.rollbook.infra.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.OwnerReference;
import io.rollbook.api.manifest.Pod;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.engine.deployment.Action;
import io.rollbook.engine.deployment.KubeEvent;
import io.rollbook.engine.deployment.Plan;
import io.rollbook.engine.deployment.PlanPath;
import io.rollbook.engine.deployment.util.Annotations;
import io.rollbook.engine.deployment.util.Fenceposts;
import io.rollbook.engine.deployment.util.ReplicaSets;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prints a {@link Plan}: as the JSON object of CONTRACT.md section 6, or as a short table with one
 * reason per action, worked out from the plan and the snapshot it was made from.
 */
public final class PlanRenderer {

    private static final String ANNOTATION_PREFIX = "deployment.kubernetes.io/";

    private PlanRenderer() {
    }

    /** The plan as one JSON object, keys in the contract's order, followed by a newline. */
    public static String json(Plan plan) {
        ObjectNode root = Codec.json().createObjectNode();
        root.put("deployment", plan.deployment());
        root.put("path", plan.path().wireName());
        root.putObject("fenceposts")
                .put("maxSurge", plan.fenceposts().maxSurge())
                .put("maxUnavailable", plan.fenceposts().maxUnavailable());
        ArrayNode actions = root.putArray("actions");
        plan.actions().forEach(a -> actions.add(action(a)));
        root.set("status", Codec.toTree(plan.status()));
        root.set("deploymentAnnotations", strings(plan.deploymentAnnotations()));
        ArrayNode events = root.putArray("events");
        for (KubeEvent e : plan.events()) {
            events.addObject().put("type", e.type()).put("reason", e.reason()).put("message", e.message());
        }
        if (plan.requeueAfter() != null) {
            root.put("requeueAfterSeconds", seconds(plan.requeueAfter()));
        }
        if (plan.deploymentTemplate() != null) {
            root.set("deploymentTemplate", Codec.toTree(plan.deploymentTemplate()));
        }
        if (plan.error() != null) {
            root.put("error", plan.error());
        }
        return Codec.toPrettyJson(root) + "\n";
    }

    private static ObjectNode action(Action action) {
        ObjectNode node = Codec.json().createObjectNode();
        if (action instanceof Action.Create c) {
            node.put("action", "create").put("replicaSet", c.replicaSet())
                    .put("replicas", c.replicas()).put("revision", c.revision())
                    .set("annotations", strings(c.annotations()));
        } else if (action instanceof Action.Scale s) {
            node.put("action", "scale").put("replicaSet", s.replicaSet()).put("from", s.from()).put("to", s.to())
                    .set("annotations", strings(s.annotations()));
        } else if (action instanceof Action.Delete d) {
            node.put("action", "delete").put("replicaSet", d.replicaSet());
        } else if (action instanceof Action.Annotate a) {
            node.put("action", "annotate").put("replicaSet", a.replicaSet())
                    .set("annotations", strings(a.annotations()));
            if (a.minReadySeconds() != null) {
                node.put("minReadySeconds", a.minReadySeconds());
            }
        } else {
            throw new IllegalStateException("unknown action " + action);
        }
        return node;
    }

    private static ObjectNode strings(Map<String, String> map) {
        ObjectNode node = Codec.json().createObjectNode();
        if (map != null) {
            map.forEach(node::put);
        }
        return node;
    }

    /** Whole seconds as an integer, anything finer as an exact decimal (1.5, never 1.5000). */
    private static BigDecimal seconds(Duration d) {
        BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
        return d.getNano() == 0 ? s.setScale(0) : s.stripTrailingZeros();
    }

    /**
     * The plan as a short human table: the path and fenceposts, one row per action with its reason,
     * then the status, conditions, annotations and events the pass writes.
     *
     * @param deployment  the Deployment the plan was made for
     * @param replicaSets the ReplicaSets of the snapshot, as the pass found them
     * @param pods        the Pods of the snapshot, or null when it has none
     */
    public static String table(Plan plan, Deployment deployment, List<ReplicaSet> replicaSets, List<Pod> pods) {
        Reasons reasons = Reasons.of(plan, deployment, replicaSets);
        StringBuilder out = new StringBuilder();
        out.append("deployment ").append(plan.deployment()).append("  path ").append(plan.path().wireName())
                .append("  maxSurge ").append(plan.fenceposts().maxSurge())
                .append("  maxUnavailable ").append(plan.fenceposts().maxUnavailable()).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ACTION", "REPLICASET", "CHANGE", "REASON"});
        plan.actions().forEach(a -> rows.add(new String[] {verb(a), a.replicaSet(), change(a), reasons.why(a)}));
        out.append(plan.actions().isEmpty() ? "no replica set changes" + reasons.idle(pods) + "\n" : columns(rows));
        appendStatus(out, plan.status());
        plan.deploymentAnnotations().forEach((k, v) -> out.append("annotation: ").append(k).append('=')
                .append(v).append('\n'));
        plan.events().forEach(e -> out.append("event: ").append(e.type()).append(' ').append(e.reason())
                .append(": ").append(e.message()).append('\n'));
        if (plan.requeueAfter() != null) {
            out.append("requeue after ").append(seconds(plan.requeueAfter()).toPlainString()).append("s\n");
        }
        if (plan.deploymentTemplate() != null) {
            out.append("rollback: the Deployment's pod template is replaced (see -o json)\n");
        }
        if (plan.error() != null) {
            out.append("stopped early: ").append(plan.error()).append('\n');
        }
        return out.toString();
    }

    private static void appendStatus(StringBuilder out, DeploymentStatus s) {
        if (s == null) {
            return;
        }
        out.append("status: ").append(s.replicas()).append(" replicas, ").append(s.updatedReplicas())
                .append(" updated, ").append(s.readyReplicas()).append(" ready, ").append(s.availableReplicas())
                .append(" available, ").append(s.unavailableReplicas()).append(" unavailable\n");
        for (DeploymentCondition c : s.conditions()) {
            out.append("condition: ").append(c.type()).append('=').append(c.status()).append(' ')
                    .append(c.reason());
            if (c.message() != null && !c.message().isEmpty()) {
                out.append(": ").append(c.message());
            }
            out.append('\n');
        }
    }

    private static String verb(Action a) {
        return a.getClass().getSimpleName().toLowerCase();
    }

    private static String change(Action a) {
        if (a instanceof Action.Create c) {
            return "0 -> " + c.replicas();
        }
        if (a instanceof Action.Scale s) {
            return s.from() + " -> " + s.to();
        }
        return "-";
    }

    /** Left-aligned columns two spaces apart; the last column is not padded. */
    private static String columns(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                out.append(row[i]).append(" ".repeat(width[i] - row[i].length() + 2));
            }
            out.append(row[row.length - 1]).append('\n');
        }
        return out.toString();
    }

    /** Why the pass takes each action, in the words of KUBERNETES-SEMANTICS.md A6-A8 and A11. */
    private record Reasons(Plan plan, Deployment d, List<ReplicaSet> rss, String newRs, int replicas, int ceiling) {

        static Reasons of(Plan plan, Deployment d, List<ReplicaSet> rss) {
            int replicas = d.spec().replicasOrDefault();
            return new Reasons(plan, d, rss, newReplicaSet(plan, d, rss), replicas,
                    replicas + plan.fenceposts().maxSurge());
        }

        private static String newReplicaSet(Plan plan, Deployment d, List<ReplicaSet> rss) {
            for (Action a : plan.actions()) {
                if (a instanceof Action.Create) {
                    return a.replicaSet();
                }
            }
            ReplicaSet found = ReplicaSets.findNew(d, rss);
            return found == null ? null : found.name();
        }

        String why(Action a) {
            if (a instanceof Action.Create c) {
                return create(c);
            }
            if (a instanceof Action.Scale s) {
                return scale(s);
            }
            if (a instanceof Action.Delete) {
                return "history limit " + Objects.toString(d.spec().revisionHistoryLimit(), "10")
                        + ": no pods left";
            }
            Action.Annotate an = (Action.Annotate) a;
            String keys = String.join(", ", an.annotations().keySet().stream()
                    .map(k -> k.startsWith(ANNOTATION_PREFIX) ? k.substring(ANNOTATION_PREFIX.length()) : k)
                    .toList());
            return "sets " + keys + (an.minReadySeconds() == null ? "" : ", minReadySeconds " + an.minReadySeconds());
        }

        private String create(Action.Create c) {
            String head = "new revision " + c.revision() + ": ";
            if (plan.path() == PlanPath.ROLLOUT_RECREATE) {
                return head + "Recreate: all old pods gone";
            }
            if (plan.path() == PlanPath.ROLLOUT_ROLLING) {
                return head + "room for " + c.replicas() + " of " + replicas + " under the " + ceiling + "-pod ceiling";
            }
            return head + "at " + c.replicas() + " replicas";
        }

        private String scale(Action.Scale s) {
            if (s.from() == s.to()) {
                return "refreshes desired-replicas and max-replicas";
            }
            switch (plan.path()) {
                case PAUSED, SCALING:
                    return proportional(s);
                case ROLLOUT_RECREATE:
                    return s.to() < s.from() ? "Recreate: old pods go first" : "Recreate: all old pods gone";
                case ROLLOUT_ROLLING:
                    return s.replicaSet().equals(newRs) ? rollingNew(s) : rollingOld(s);
                default:
                    return s.to() > s.from() ? "scaled up" : "scaled down";
            }
        }

        private String proportional(Action.Scale s) {
            ReplicaSet rs = find(s.replicaSet());
            Integer before = rs == null ? null : Annotations.desiredReplicas(rs);
            if (s.to() == 0 && newRs != null && !newRs.equals(s.replicaSet())) {
                ReplicaSet current = find(newRs);
                if (current != null && current.specReplicas() == replicas && replicas > 0) {
                    return "new replica set " + newRs + " already runs all " + replicas;
                }
            }
            return "proportional share of " + (before == null ? "?" : before) + " -> " + replicas + " replicas";
        }

        private String rollingNew(Action.Scale s) {
            if (s.to() > s.from()) {
                return "room for " + (s.to() - s.from()) + " more under the " + ceiling + "-pod ceiling";
            }
            return s.from() + " is more than the " + replicas + " wanted";
        }

        /** cleanupUnhealthyReplicas first, then the availability budget (A6.4). */
        private String rollingOld(Action.Scale s) {
            ReplicaSet rs = find(s.replicaSet());
            int ownAvailable = rs == null ? s.from() : rs.statusOrEmpty().availableReplicas();
            if (ownAvailable < s.from() && s.to() >= ownAvailable) {
                return (s.from() - ownAvailable) + " of its pods are not available";
            }
            int available = plan.status() == null ? 0 : plan.status().availableReplicas();
            return available + " available, at least " + Fenceposts.minAvailable(d) + " must stay";
        }

        /** Why a pass changes nothing: said only for Recreate waiting on old pods (A7.3). */
        String idle(List<Pod> pods) {
            if (plan.path() != PlanPath.ROLLOUT_RECREATE) {
                return "";
            }
            List<ReplicaSet> old = rss.stream().filter(rs -> !Objects.equals(rs.name(), newRs)).toList();
            long running = pods == null
                    ? old.stream().mapToInt(rs -> rs.statusOrEmpty().replicas()).sum()
                    : pods.stream().filter(pod -> isActive(pod) && ownedByAny(pod, old)).count();
            return running == 0 ? "" : ": Recreate waits for " + running + " old pods to go";
        }

        private static boolean isActive(Pod pod) {
            return !"Failed".equals(pod.phase()) && !"Succeeded".equals(pod.phase());
        }

        private static boolean ownedByAny(Pod pod, List<ReplicaSet> owners) {
            OwnerReference ref = pod.metadata().controllerRef();
            return ref != null && owners.stream().anyMatch(rs -> Objects.equals(rs.metadata().uid(), ref.uid()));
        }

        private ReplicaSet find(String name) {
            return rss.stream().filter(rs -> Objects.equals(rs.name(), name)).findFirst().orElse(null);
        }
    }
}
