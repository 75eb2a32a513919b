package io.rollbook.projections.history;

import io.rollbook.api.manifest.Container;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.rollbook.projections.history.DescribeWriter.bool;
import static io.rollbook.projections.history.DescribeWriter.list;
import static io.rollbook.projections.history.DescribeWriter.map;
import static io.rollbook.projections.history.DescribeWriter.number;
import static io.rollbook.projections.history.DescribeWriter.str;

/**
 * kubectl's {@code describeContainers} for a template (no container statuses): name, Image, Port,
 * Host Port, Command/Args, Limits/Requests, probes, Environment, Mounts. Untyped fields are read
 * from {@link Container#fields()} with the API server's defaults (protocol TCP, probe timings).
 */
final class ContainerDescriber {

    private ContainerDescriber() {
    }

    static void describe(DescribeWriter w, String label, List<Container> containers) {
        w.write(0, "  " + label + ":" + (containers.isEmpty() ? " <none>" : "") + "\n");
        for (Container c : containers) {
            Map<String, Object> f = c.fields();
            w.write(1, " " + c.name() + ":\n");
            w.write(2, "Image:\t" + str(c.image(), "") + "\n");
            ports(w, list(f.get("ports")));
            lines(w, "Command", list(f.get("command")));
            lines(w, "Args", list(f.get("args")));
            resources(w, map(f.get("resources")));
            probe(w, "Liveness", f.get("livenessProbe"));
            probe(w, "Readiness", f.get("readinessProbe"));
            probe(w, "Startup", f.get("startupProbe"));
            EnvDescriber.envFrom(w, list(f.get("envFrom")));
            EnvDescriber.env(w, list(f.get("env")));
            mounts(w, list(f.get("volumeMounts")), list(f.get("volumeDevices")));
        }
    }

    private static void ports(DescribeWriter w, List<Object> ports) {
        List<String> container = new ArrayList<>();
        List<String> host = new ArrayList<>();
        for (Object p : ports) {
            Map<String, Object> port = map(p);
            String protocol = str(port.get("protocol"), "TCP");
            container.add(number(port.get("containerPort"), 0) + "/" + protocol);
            host.add(number(port.get("hostPort"), 0) + "/" + protocol);
        }
        String containerPorts = String.join(", ", container);
        String hostPorts = String.join(", ", host);
        w.write(2, (containerPorts.contains(",") ? "Ports:\t" : "Port:\t") + orNone(containerPorts) + "\n");
        w.write(2, (hostPorts.contains(",") ? "Host Ports:\t" : "Host Port:\t") + orNone(hostPorts) + "\n");
    }

    private static void lines(DescribeWriter w, String title, List<Object> values) {
        if (values.isEmpty()) {
            return;
        }
        w.write(2, title + ":\n");
        for (Object v : values) {
            for (String s : String.valueOf(v).split("\n", -1)) {
                w.write(3, s + "\n");
            }
        }
    }

    private static void resources(DescribeWriter w, Map<String, Object> resources) {
        for (String kind : List.of("limits", "requests")) {
            Map<String, Object> quantities = map(resources.get(kind));
            if (quantities.isEmpty()) {
                continue;
            }
            w.write(2, (kind.equals("limits") ? "Limits" : "Requests") + ":\n");
            new TreeMap<>(quantities).forEach((name, q) -> w.write(3, name + ":\t" + q + "\n"));
        }
    }

    private static void probe(DescribeWriter w, String title, Object value) {
        if (value instanceof Map<?, ?>) {
            w.write(2, title + ":\t" + describeProbe(map(value)) + "\n");
        }
    }

    /** DescribeProbe, with the API server's defaults for unset timings. */
    static String describeProbe(Map<String, Object> p) {
        String attrs = "delay=" + number(p.get("initialDelaySeconds"), 0) + "s timeout="
                + number(p.get("timeoutSeconds"), 1) + "s period=" + number(p.get("periodSeconds"), 10)
                + "s #success=" + number(p.get("successThreshold"), 1) + " #failure="
                + number(p.get("failureThreshold"), 3);
        if (p.get("exec") instanceof Map<?, ?> exec) {
            List<String> command = list(map(exec).get("command")).stream().map(String::valueOf).toList();
            return "exec [" + String.join(" ", command) + "] " + attrs;
        }
        if (p.get("httpGet") instanceof Map<?, ?> get) {
            return "http-get " + url(map(get)) + " " + attrs;
        }
        if (p.get("tcpSocket") instanceof Map<?, ?> tcp) {
            return "tcp-socket " + str(map(tcp).get("host"), "") + ":" + str(map(tcp).get("port"), "") + " " + attrs;
        }
        if (p.get("grpc") instanceof Map<?, ?> grpc) {
            return "grpc <pod>:" + number(map(grpc).get("port"), 0) + " " + str(map(grpc).get("service"), "") + " "
                    + attrs;
        }
        return "unknown " + attrs;
    }

    private static String url(Map<String, Object> get) {
        String scheme = str(get.get("scheme"), "HTTP").toLowerCase();
        String host = str(get.get("host"), "");
        String port = str(get.get("port"), "");
        String hostPort = port.isEmpty() ? host : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        String path = str(get.get("path"), "");
        if (!path.isEmpty() && !path.startsWith("/") && !hostPort.isEmpty()) {
            path = "/" + path;
        }
        return scheme + "://" + hostPort + path;
    }

    private static void mounts(DescribeWriter w, List<Object> mounts, List<Object> devices) {
        String none = mounts.isEmpty() ? "\t<none>" : "";
        w.write(2, "Mounts:" + none + "\n");
        List<Map<String, Object>> sorted = new ArrayList<>();
        mounts.forEach(m -> sorted.add(map(m)));
        sorted.sort((a, b) -> str(a.get("mountPath"), "").compareTo(str(b.get("mountPath"), "")));
        for (Map<String, Object> m : sorted) {
            List<String> flags = new ArrayList<>(List.of(bool(m.get("readOnly")) ? "ro" : "rw"));
            String subPath = str(m.get("subPath"), "");
            if (!subPath.isEmpty()) {
                flags.add("path=" + DescribeWriter.quote(subPath));
            }
            w.write(3, str(m.get("mountPath"), "") + " from " + str(m.get("name"), "") + " ("
                    + String.join(",", flags) + ")\n");
        }
        if (!devices.isEmpty()) {
            w.write(2, "Devices:" + none + "\n"); // kubectl reuses the mounts' "<none>" here
            List<Map<String, Object>> byPath = new ArrayList<>();
            devices.forEach(d -> byPath.add(map(d)));
            byPath.sort((a, b) -> str(a.get("devicePath"), "").compareTo(str(b.get("devicePath"), "")));
            byPath.forEach(d -> w.write(3, str(d.get("devicePath"), "") + " from " + str(d.get("name"), "") + "\n"));
        }
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "<none>" : s;
    }
}
