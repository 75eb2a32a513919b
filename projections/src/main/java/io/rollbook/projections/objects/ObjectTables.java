package io.rollbook.projections.objects;

import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.projections.text.HumanDuration;
import io.rollbook.projections.text.TabWriter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubectl get deployments|rs|pods [-o wide]} as text: kubectl's columns, its cell formats
 * and its tabwriter (padding 3). AGE is measured against the caller's {@code now}. Rows come out in
 * the order given; the caller sorts (the API server lists by namespace, then name). An empty list
 * gives the header alone: kubectl prints {@link #noResources} on stderr instead.
 */
public final class ObjectTables {

    private static final String NONE = "<none>";

    private ObjectTables() {
    }

    /** kubectl's note for an empty list, without the newline. */
    public static String noResources(String namespace) {
        return "No resources found in " + (namespace == null ? "default" : namespace) + " namespace.";
    }

    /** kubectl's error for {@code get TYPE NAME} of a missing object, e.g. {@code deployments.apps "x" not found}. */
    public static String notFound(String resource, String name) {
        return "Error from server (NotFound): " + resource + " \"" + name + "\" not found";
    }

    /** NAME READY UP-TO-DATE AVAILABLE AGE [CONTAINERS IMAGES SELECTOR]. */
    public static String deployments(List<Deployment> items, Instant now, boolean wide) {
        TabWriter table = TabWriter.forGet();
        table.row(header(wide, "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"));
        for (Deployment d : items) {
            var status = d.statusOrEmpty();
            List<String> row = new ArrayList<>(List.of(d.metadata().name(),
                    status.readyReplicas() + "/" + d.spec().replicasOrDefault(),
                    Integer.toString(status.updatedReplicas()), Integer.toString(status.availableReplicas()),
                    HumanDuration.age(d.metadata().creationTimestamp(), now)));
            if (wide) {
                addTemplate(row, d.spec().template());
                row.add(Selectors.format(d.spec().selector()));
            }
            table.row(row);
        }
        return table.render();
    }

    /** NAME DESIRED CURRENT READY AGE [CONTAINERS IMAGES SELECTOR]. */
    public static String replicaSets(List<ReplicaSet> items, Instant now, boolean wide) {
        TabWriter table = TabWriter.forGet();
        table.row(header(wide, "NAME", "DESIRED", "CURRENT", "READY", "AGE"));
        for (ReplicaSet rs : items) {
            var status = rs.statusOrEmpty();
            List<String> row = new ArrayList<>(List.of(rs.name(), Integer.toString(rs.specReplicas()),
                    Integer.toString(status.replicas()), Integer.toString(status.readyReplicas()),
                    HumanDuration.age(rs.metadata().creationTimestamp(), now)));
            if (wide) {
                addTemplate(row, rs.spec().template());
                row.add(Selectors.format(rs.spec().selector()));
            }
            table.row(row);
        }
        return table.render();
    }

    /** NAME READY STATUS RESTARTS AGE [IP NODE NOMINATED NODE READINESS GATES]. */
    public static String pods(List<PodView> items, Instant now, boolean wide) {
        TabWriter table = TabWriter.forGet();
        List<String> header = new ArrayList<>(List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE"));
        if (wide) {
            header.addAll(List.of("IP", "NODE", "NOMINATED NODE", "READINESS GATES"));
        }
        table.row(header);
        for (PodView p : items) {
            List<String> row = new ArrayList<>(List.of(p.name(), podReady(p), podStatus(p),
                    Integer.toString(p.restarts()), HumanDuration.age(p.createdAt(), now)));
            if (wide) {
                row.addAll(List.of(p.ip() == null ? NONE : p.ip(), p.node() == null ? NONE : p.node(), NONE, NONE));
            }
            table.row(row);
        }
        return table.render();
    }

    /** READY: ready containers of all containers (a pod here is ready or not as a whole). */
    public static String podReady(PodView p) {
        int containers = Math.max(1, p.containers().size());
        return (p.ready() ? containers : 0) + "/" + containers;
    }

    /**
     * STATUS as kubectl derives it: Terminating once deletion began; a failed pod shows its reason
     * (ImagePullBackOff, ...) or Error; a container waiting to be restarted its reason
     * (CrashLoopBackOff); a pod not started yet is ContainerCreating; else Running.
     */
    public static String podStatus(PodView p) {
        if (p.terminating()) {
            return "Terminating";
        }
        if (p.waiting() != null) {
            return p.waiting();
        }
        if (WellKnown.POD_FAILED.equals(p.phase())) {
            return p.reason() == null || p.reason().isEmpty() ? "Error" : p.reason();
        }
        if (!p.started()) {
            return "ContainerCreating";
        }
        return p.phase() == null ? WellKnown.POD_PENDING : p.phase();
    }

    private static List<String> header(boolean wide, String... columns) {
        List<String> header = new ArrayList<>(List.of(columns));
        if (wide) {
            header.addAll(List.of("CONTAINERS", "IMAGES", "SELECTOR"));
        }
        return header;
    }

    private static void addTemplate(List<String> row, PodTemplateSpec template) {
        List<Container> containers = template == null ? List.of() : template.spec().containers();
        row.add(join(containers.stream().map(Container::name).toList()));
        row.add(join(containers.stream().map(Container::image).toList()));
    }

    private static String join(List<String> values) {
        return values.isEmpty() ? NONE : String.join(",", values);
    }
}
