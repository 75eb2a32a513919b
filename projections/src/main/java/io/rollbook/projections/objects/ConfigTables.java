package io.rollbook.projections.objects;

import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.projections.text.HumanDuration;
import io.rollbook.projections.text.TabWriter;

import java.time.Instant;
import java.util.List;

/** {@code kubectl get namespaces|networkpolicies|network-attachment-definitions} as text, with kubectl's columns. */
public final class ConfigTables {

    private ConfigTables() {
    }

    /** NAME STATUS AGE. */
    public static String namespaces(List<Namespace> items, Instant now) {
        TabWriter table = TabWriter.forGet().row("NAME", "STATUS", "AGE");
        for (Namespace ns : items) {
            table.row(ns.metadata().name(), "Active", HumanDuration.age(ns.metadata().creationTimestamp(), now));
        }
        return table.render();
    }

    /** NAME POD-SELECTOR AGE. */
    public static String networkPolicies(List<NetworkPolicy> items, Instant now) {
        TabWriter table = TabWriter.forGet().row("NAME", "POD-SELECTOR", "AGE");
        for (NetworkPolicy p : items) {
            table.row(p.metadata().name(), Selectors.format(p.spec().podSelector()),
                    HumanDuration.age(p.metadata().creationTimestamp(), now));
        }
        return table.render();
    }

    /** NAME AGE. */
    public static String networkAttachmentDefinitions(List<NetworkAttachmentDefinition> items, Instant now) {
        TabWriter table = TabWriter.forGet().row("NAME", "AGE");
        for (NetworkAttachmentDefinition nad : items) {
            table.row(nad.metadata().name(), HumanDuration.age(nad.metadata().creationTimestamp(), now));
        }
        return table.render();
    }
}
