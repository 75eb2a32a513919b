package io.rollbook.projections;

import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.Maps;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.Revisions;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.state.RevisionOutcome;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.audit.AuditQuery;
import io.rollbook.projections.audit.AuditRenderer;
import io.rollbook.projections.history.RevisionRecord;
import io.rollbook.projections.history.RolloutHistory;
import io.rollbook.projections.history.UndoDryRun;
import io.rollbook.projections.objects.ConfigTables;
import io.rollbook.projections.objects.ObjectDocuments;
import io.rollbook.projections.objects.ObjectTables;
import io.rollbook.projections.objects.PodView;
import io.rollbook.projections.objects.Workload;
import io.rollbook.projections.replay.ReplayException;
import io.rollbook.projections.replay.ReplayPoint;
import io.rollbook.projections.replay.ReplayRenderer;
import io.rollbook.projections.status.Explain;
import io.rollbook.projections.status.RolloutStatus;
import io.rollbook.projections.text.OutputFormat;
import io.rollbook.projections.text.Printed;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The read-only CLI verbs over a {@link ProjectionStore}, each returning what kubectl (or Rollbook's
 * own verbs) would print: {@code get}, {@code rollout status}, {@code rollout history},
 * {@code replay} and {@code audit}. {@code now} for AGE is always the caller's.
 */
public final class Kubectl {

    private final ProjectionStore store;

    public Kubectl(ProjectionStore store) {
        this.store = store;
    }

    /**
     * {@code get RESOURCE [NAME] [-o wide|json|yaml]}.
     *
     * @param resource kubectl's words: deployments, deployment, deploy, rs, replicaset(s), pods, pod, po,
     *                 namespaces (ns), networkpolicies (netpol), network-attachment-definitions (net-attach-def)
     * @param name     null for the list
     */
    public Printed get(String resource, String namespace, String name, OutputFormat format, Instant now) {
        String ns = namespace == null ? "default" : namespace;
        return switch (resource.toLowerCase(Locale.ROOT)) {
            case "deployments", "deployment", "deploy", "deployment.apps", "deployments.apps" ->
                    get(store.deployments(ns), Deployment::metadata, "deployments.apps", name, ns, format,
                            items -> ObjectTables.deployments(items, now, format == OutputFormat.WIDE));
            case "replicasets", "replicaset", "rs", "replicaset.apps", "replicasets.apps" ->
                    get(store.replicaSets(ns), ReplicaSet::metadata, "replicasets.apps", name, ns, format,
                            items -> ObjectTables.replicaSets(items, now, format == OutputFormat.WIDE));
            case "pods", "pod", "po" -> getPods(ns, name, format, now);
            case "namespaces", "namespace", "ns" -> get(store.namespaces(), Namespace::metadata, "namespaces", name, ns,
                    format, items -> ConfigTables.namespaces(items, now));
            case "networkpolicies", "networkpolicy", "netpol", "networkpolicy.networking.k8s.io",
                    "networkpolicies.networking.k8s.io" -> get(store.networkPolicies(ns), NetworkPolicy::metadata,
                    "networkpolicies.networking.k8s.io", name, ns, format,
                    items -> ConfigTables.networkPolicies(items, now));
            case "network-attachment-definitions", "network-attachment-definition", "net-attach-def",
                    "networkattachmentdefinition", "networkattachmentdefinitions",
                    "networkattachmentdefinition.k8s.cni.cncf.io" -> get(store.networkAttachmentDefinitions(ns),
                    NetworkAttachmentDefinition::metadata, "network-attachment-definitions.k8s.cni.cncf.io", name,
                    ns, format, items -> ConfigTables.networkAttachmentDefinitions(items, now));
            default -> new Printed("", "error: the server doesn't have a resource type \"" + resource + "\"\n", 1);
        };
    }

    /** {@code rollout status deployment/NAME [--revision=N]}: one evaluation (the caller watches). */
    public Printed rolloutStatus(String namespace, String name, long revision) {
        if (revision < 0) {
            return Printed.error("revision must be a positive integer: " + revision);
        }
        return store.deployment(namespace, name).map(x -> RolloutStatus.evaluate(x, revision).printed())
                .orElseGet(() -> RolloutStatus.notFound(namespace));
    }

    /**
     * {@code rollout history deployment/NAME [--revision=N] [-o wide|json|yaml]}. The default output is
     * kubectl's, over the live ReplicaSets; {@code wide} lists every revision the log holds (and with
     * {@code --revision} describes any of them, even one whose ReplicaSet was cleaned up); json/yaml
     * print the live ReplicaSets (the one of {@code --revision}, or a List).
     */
    public Printed rolloutHistory(String namespace, String name, long revision, OutputFormat format) {
        Optional<Deployment> found = store.deployment(namespace, name);
        if (found.isEmpty()) {
            return notFound("deployments.apps", name);
        }
        List<ReplicaSet> replicaSets = store.replicaSetsOf(namespace, name);
        if (format == OutputFormat.WIDE) {
            List<RevisionRecord> records = store.revisions(namespace, name);
            return revision == 0 ? RolloutHistory.renderWide(name, records)
                    : RolloutHistory.renderRecord(name, records, revision);
        }
        if (format.isDocument()) {
            return historyDocuments(withOutcomes(replicaSets, store.revisions(namespace, name)), revision, format);
        }
        return RolloutHistory.render(found.get(), replicaSets, revision);
    }

    /**
     * {@code rollout undo deployment/NAME [--to-revision=N] [--force] --dry-run}: the template that
     * would be restored and its diff against the current one ({@link UndoDryRun}); changes nothing.
     */
    public Printed rolloutUndoDryRun(String namespace, String name, long revision, boolean force) {
        Optional<Deployment> found = store.deployment(namespace, name);
        if (found.isEmpty()) {
            return notFound("deployments.apps", name);
        }
        Map<Long, RevisionOutcome> outcomes = store.workload(ObjectRef.deployment(namespace, name))
                .map(Workload::revisionOutcomes).orElse(Map.of());
        return UndoDryRun.render(found.get(), store.replicaSetsOf(namespace, name), revision, force, outcomes);
    }

    /** {@code rollbook explain deployment/NAME}: why it is where it is, at {@code now} ({@link Explain}). */
    public Printed explain(String namespace, String name, Instant now) {
        ObjectRef ref = ObjectRef.deployment(namespace, name);
        Optional<Workload> w = store.workload(ref).filter(x -> x.deployment() != null);
        if (w.isEmpty()) {
            return notFound("deployments.apps", name);
        }
        return Printed.out(String.join("\n", Explain.lines(w.get(), store.retained(ref), now)) + "\n");
    }

    /** {@code replay KIND/NAME (--to-revision N | --at TIME | --at-offset N) [-o yaml|json]}. */
    public Printed replay(ObjectRef object, ReplayPoint point, OutputFormat format) {
        try {
            return ReplayRenderer.render(store.replay(object, point), format);
        } catch (ReplayException e) {
            return Printed.error(e.getMessage());
        }
    }

    /** {@code audit [KIND/NAME] [--since TIME] [-o jsonl|json]}. */
    public Printed audit(AuditQuery query, OutputFormat format) {
        return AuditRenderer.render(store.audit(query), format);
    }

    private <T> Printed get(List<T> all, Function<T, ObjectMeta> meta, String resource,
                            String name, String namespace, OutputFormat format, Function<List<T>, String> table) {
        if (name != null) {
            Optional<T> one = all.stream().filter(o -> name.equals(meta.apply(o).name())).findFirst();
            if (one.isEmpty()) {
                return notFound(resource, name);
            }
            return format.isDocument() ? Printed.out(ObjectDocuments.render(one.get(), format))
                    : Printed.out(table.apply(List.of(one.get())));
        }
        if (format.isDocument()) {
            return Printed.out(ObjectDocuments.renderList(all, format));
        }
        return all.isEmpty() ? Printed.note(ObjectTables.noResources(namespace)) : Printed.out(table.apply(all));
    }

    private Printed getPods(String namespace, String name, OutputFormat format, Instant now) {
        List<PodView> pods = store.pods(namespace);
        if (name != null) {
            pods = pods.stream().filter(p -> name.equals(p.name())).toList();
            if (pods.isEmpty()) {
                return notFound("pods", name);
            }
            if (format.isDocument()) {
                return Printed.out(ObjectDocuments.render(pods.get(0).toPod(), format));
            }
        } else if (format.isDocument()) {
            return Printed.out(ObjectDocuments.renderList(pods.stream().map(PodView::toPod).toList(), format));
        } else if (pods.isEmpty()) {
            return Printed.note(ObjectTables.noResources(namespace));
        }
        return Printed.out(ObjectTables.pods(pods, now, format == OutputFormat.WIDE));
    }

    /**
     * The ReplicaSets as {@code rollout history -o json|yaml} prints them: each with its revision's
     * outcome as the annotation {@code rollbook.io/revision-outcome}, for this output only.
     */
    private static List<ReplicaSet> withOutcomes(List<ReplicaSet> replicaSets, List<RevisionRecord> records) {
        Map<Long, String> outcomes = new HashMap<>();
        records.stream().filter(r -> r.outcome() != null).forEach(r -> outcomes.put(r.revision(), r.outcome()));
        return replicaSets.stream().map(rs -> {
            String outcome = outcomes.get(Revisions.orZero(rs.metadata()));
            return outcome == null ? rs : rs.withMetadata(rs.metadata().withAnnotations(
                    Maps.with(rs.metadata().annotations(), WellKnown.REVISION_OUTCOME_ANNOTATION, outcome)));
        }).toList();
    }

    private static Printed historyDocuments(List<ReplicaSet> replicaSets, long revision, OutputFormat format) {
        List<ReplicaSet> byRevision = replicaSets.stream()
                .sorted(Comparator.comparingLong(rs -> Revisions.orZero(rs.metadata()))).toList();
        if (revision > 0) {
            return byRevision.stream().filter(rs -> Revisions.orZero(rs.metadata()) == revision).findFirst()
                    .map(rs -> Printed.out(ObjectDocuments.render(rs, format)))
                    .orElseGet(() -> Printed.error("unable to find the specified revision"));
        }
        return Printed.out(ObjectDocuments.renderList(byRevision, format));
    }


    private static Printed notFound(String resource, String name) {
        return new Printed("", ObjectTables.notFound(resource, name) + "\n", 1);
    }
}
