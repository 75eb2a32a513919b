package io.rollbook.projections.replay;

import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentStatus;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.api.state.RevisionOutcome;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.projections.objects.ObjectDocuments;
import io.rollbook.projections.objects.Selectors;
import io.rollbook.projections.objects.Subjects;
import io.rollbook.projections.objects.Workload;
import io.rollbook.projections.status.RolloutStatus;
import io.rollbook.projections.text.OutputFormat;
import io.rollbook.projections.text.Printed;
import io.rollbook.projections.text.TabWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code replay KIND/NAME …}: by default a short summary for people; with {@code -o json|yaml} a
 * {@code v1 List} of the Deployment and its ReplicaSets (or the bare ReplicaSet, or the Namespace,
 * NetworkPolicy or NetworkAttachmentDefinition) as they stood.
 */
public final class ReplayRenderer {

    private ReplayRenderer() {
    }

    public static Printed render(ReplayResult r, OutputFormat format) {
        if (format.isDocument()) {
            return Printed.out(ObjectDocuments.renderList(objects(r), format));
        }
        return Printed.out(summary(r));
    }

    /** The Deployment then its ReplicaSets; for a bare ReplicaSet, the ReplicaSet alone. */
    public static List<Object> objects(ReplayResult r) {
        List<Object> items = new ArrayList<>();
        if (r.manifest() != null) {
            items.add(r.manifest());
            return items;
        }
        if (r.state().deployment() != null) {
            items.add(r.state().deployment());
        }
        items.addAll(r.state().replicaSets());
        return items;
    }

    /** The summary: where in the log, then the object's revision, counts, images and ReplicaSets. */
    public static String summary(ReplayResult r) {
        StringBuilder out = new StringBuilder();
        out.append(Subjects.display(r.object())).append(" as of ").append(r.point().describe()).append(": event ")
                .append(r.applied()).append(" of ").append(r.logSize());
        if (r.last() != null) {
            out.append(" (sequence ").append(r.last().sequence()).append(" at ").append(r.last().time()).append(')');
        }
        out.append('\n');
        Deployment d = r.state().deployment();
        if (r.manifest() != null) {
            out.append(configFields(r.manifest()));
        } else if (ObjectRef.DEPLOYMENT.equals(r.object().kind()) && d != null) {
            out.append(deploymentFields(d, r.state()));
            out.append(replicaSetTable(r.state().replicaSets()));
        } else {
            r.state().replicaSet(r.object().name()).ifPresent(rs -> out.append(replicaSetFields(rs)));
        }
        return out.toString();
    }

    private static String deploymentFields(Deployment d, Workload state) {
        DeploymentStatus s = d.statusOrEmpty();
        TabWriter fields = TabWriter.forDescribe();
        fields.row("Revision:", orNone(d.metadata().annotation(WellKnown.REVISION_ANNOTATION)));
        fields.row("Generation:", d.metadata().generationOrZero() + " (observed " + s.observedGeneration() + ")");
        fields.row("Replicas:", d.spec().replicasOrDefault() + " desired | " + s.updatedReplicas() + " updated | "
                + s.replicas() + " total | " + s.availableReplicas() + " available | " + s.unavailableReplicas()
                + " unavailable");
        fields.row("Images:", images(d.spec().template()));
        fields.row("Change-Cause:", orNone(d.metadata().annotation(WellKnown.CHANGE_CAUSE_ANNOTATION)));
        fields.row("Paused:", Boolean.toString(d.spec().isPaused()));
        fields.row("Status:", RolloutStatus.evaluate(d, 0).message());
        fields.row("Outcome:", outcome(d, state));
        return fields.render();
    }

    /** The current revision's outcome, as {@code rollout history -o wide} shows it, with when and why. */
    private static String outcome(Deployment d, Workload state) {
        String revision = d.metadata().annotation(WellKnown.REVISION_ANNOTATION);
        RevisionOutcome o;
        try {
            o = revision == null ? null : state.revisionOutcomes().get(Long.parseLong(revision));
        } catch (NumberFormatException e) {
            o = null;
        }
        return o == null ? "<none>" : o.outcome() + " at " + o.at() + " (" + o.reason() + ")";
    }

    private static String configFields(KubeObject o) {
        TabWriter fields = TabWriter.forDescribe();
        fields.row("Generation:", o.metadata().generation() == null ? "<none>" : o.metadata().generation().toString());
        fields.row("Labels:", Selectors.format(new LabelSelector(o.metadata().labels(), null)));
        if (o instanceof NetworkPolicy p) {
            fields.row("Pod selector:", Selectors.format(p.spec().podSelector()));
            fields.row("Policy types:", String.join(", ", p.spec().effectivePolicyTypes()));
            fields.row("Ingress rules:", Integer.toString(p.spec().ingressRules().size()));
            fields.row("Egress rules:", Integer.toString(p.spec().egressRules().size()));
        } else if (o instanceof NetworkAttachmentDefinition nad) {
            fields.row("Config:", orNone(nad.spec().config() == null ? null : nad.spec().config().strip()));
        } else if (o instanceof Namespace ns) {
            fields.row("Status:", "Active");
        }
        return fields.render();
    }

    private static String replicaSetFields(ReplicaSet rs) {
        TabWriter fields = TabWriter.forDescribe();
        fields.row("Replicas:", rs.statusOrEmpty().replicas() + " current / " + rs.specReplicas() + " desired");
        fields.row("Ready:", Integer.toString(rs.statusOrEmpty().readyReplicas()));
        fields.row("Images:", images(rs.spec().template()));
        return fields.render();
    }

    private static String replicaSetTable(List<ReplicaSet> replicaSets) {
        if (replicaSets.isEmpty()) {
            return "ReplicaSets:\t<none>\n";
        }
        TabWriter table = TabWriter.forDescribe().row("NAME", "REVISION", "DESIRED", "CURRENT", "READY", "IMAGES");
        for (ReplicaSet rs : replicaSets) {
            table.row(rs.name(), orNone(rs.metadata().annotation(WellKnown.REVISION_ANNOTATION)),
                    Integer.toString(rs.specReplicas()), Integer.toString(rs.statusOrEmpty().replicas()),
                    Integer.toString(rs.statusOrEmpty().readyReplicas()), images(rs.spec().template()));
        }
        return "ReplicaSets:\n" + table.render("  ");
    }

    private static String images(PodTemplateSpec template) {
        if (template == null || template.spec().containers().isEmpty()) {
            return "<none>";
        }
        return String.join(",", template.spec().containers().stream().map(Container::image).toList());
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }
}
