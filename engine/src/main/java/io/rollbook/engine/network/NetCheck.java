package io.rollbook.engine.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to {@code net check FROM TO}: whether the policies allow the connection, which
 * policies and rules decided on each side, the packet's path, and where it is dropped when denied.
 * Pure: endpoints, policies and the pod network in; the answer out, as text or as JSON.
 *
 * @param droppedAt where a denied packet is dropped (the sender's veth for egress, the receiver's
 *                  for ingress, where a policy-enforcing CNI filters), or null when it is allowed
 */
public record NetCheck(Endpoint from, Endpoint to, int port, String protocol, PolicyEvaluator.Verdict verdict,
                       PacketPath path, String droppedAt) {

    public NetCheck {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(path, "path");
    }

    /** Checks {@code from -> to} on {@code protocol/port}. */
    public static NetCheck check(PodNetwork net, PolicyContext ctx, Endpoint from, Endpoint to, int port,
                                 String protocol) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
        if (!List.of("TCP", "UDP", "SCTP").contains(protocol)) {
            throw new IllegalArgumentException("protocol must be TCP, UDP or SCTP, was " + protocol);
        }
        PolicyEvaluator.Verdict verdict = PolicyEvaluator.evaluate(ctx, from, to, port, protocol);
        String dropped = null;
        if (!verdict.egress().allowed()) {
            dropped = PacketPath.veth(from) + " on " + from.node() + " (the egress policies of " + from.display() + ")";
        } else if (!verdict.ingress().allowed()) {
            dropped = PacketPath.veth(to) + " on " + to.node() + " (the ingress policies of " + to.display() + ")";
        }
        return new NetCheck(from, to, port, protocol, verdict, PacketPath.of(net, from, to), dropped);
    }

    public boolean allowed() {
        return verdict.allowed();
    }

    /** The answer for people: the decision, each side's reason, the path. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(allowed() ? "allowed" : "denied").append(": ").append(describe(from)).append(" -> ")
                .append(describe(to)).append(", ").append(protocol).append('/').append(port).append('\n');
        out.append("  egress:  ").append(verdict.egress().reason()).append('\n');
        out.append("  ingress: ").append(verdict.ingress().reason()).append('\n');
        out.append("path (").append(path.kind().replace('-', ' ')).append("):\n");
        for (int i = 0; i < path.hops().size(); i++) {
            out.append("  ").append(i + 1).append(". ").append(path.hops().get(i)).append('\n');
        }
        if (droppedAt != null) {
            out.append("dropped at ").append(droppedAt).append('\n');
        }
        return out.toString();
    }

    /** The answer for scripts ({@code -o json}). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("allowed", allowed());
        json.put("from", endpoint(from));
        json.put("to", endpoint(to));
        json.put("protocol", protocol);
        json.put("port", port);
        json.put("egress", direction(verdict.egress()));
        json.put("ingress", direction(verdict.ingress()));
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("kind", path.kind());
        route.put("hops", path.hops());
        json.put("path", route);
        if (droppedAt != null) {
            json.put("droppedAt", droppedAt);
        }
        return json;
    }

    private static String describe(Endpoint e) {
        if (e.ip() == null) {
            return e.display();
        }
        if (e.isNode()) {
            return e.ip() + " (" + e.display() + ")";
        }
        String where = e.node() == null ? "outside the cluster" : "on " + e.node();
        return e.isPod() ? e.display() + " (" + e.ip() + " " + where + ")" : e.ip() + " (" + where + ")";
    }

    private static Map<String, Object> endpoint(Endpoint e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", e.isPod() ? "pod" : e.isNode() ? "node" : "address");
        if (e.isPod()) {
            json.put("namespace", e.namespace());
            json.put("name", e.pod());
            json.put("labels", e.labels());
        }
        json.put("ip", e.ip());
        json.put("node", e.node());
        if (e.isNode()) {
            json.put("interface", e.nodeInterface());
        }
        return json;
    }

    private static Map<String, Object> direction(DirectionVerdict d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("applies", d.applies());
        json.put("isolated", d.isolated());
        json.put("policies", d.isolating());
        json.put("rules", d.allowing());
        json.put("allowed", d.allowed());
        json.put("reason", d.reason());
        return json;
    }
}
