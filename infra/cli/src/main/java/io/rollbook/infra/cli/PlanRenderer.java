package io.rollbook.infra.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.DeploymentCondition;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.engine.deployment.Action;
import io.rollbook.engine.deployment.KubeEvent;
import io.rollbook.engine.deployment.Plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link Plan}: as the JSON object of {@code plan -o json} (docs/contract.md, "plan"), or
 * as a short table with the reason the controller gave for each action.
 */
public final class PlanRenderer {

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
     * what the pass waits for, then the status, conditions, annotations and events the pass writes.
     */
    public static String table(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("deployment ").append(plan.deployment()).append("  path ").append(plan.path().wireName())
                .append("  maxSurge ").append(plan.fenceposts().maxSurge())
                .append("  maxUnavailable ").append(plan.fenceposts().maxUnavailable()).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ACTION", "REPLICASET", "CHANGE", "REASON"});
        plan.actions().forEach(a -> rows.add(new String[] {verb(a), a.replicaSet(), change(a), a.reason()}));
        if (plan.actions().isEmpty()) {
            out.append("no replica set changes").append(plan.idleReason() == null ? "" : ": " + plan.idleReason())
                    .append('\n');
        } else {
            out.append(columns(rows));
            if (plan.idleReason() != null) {
                out.append("waiting: ").append(plan.idleReason()).append('\n');
            }
        }
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
}
