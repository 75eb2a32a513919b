package io.rollbook.engine.apiserver;

import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.Namespace;
import io.rollbook.api.manifest.networking.NetworkAttachmentDefinition;
import io.rollbook.api.manifest.networking.NetworkPolicy;
import io.rollbook.engine.network.AttachmentNetwork;

import java.util.ArrayList;
import java.util.List;

/**
 * The API server's defaults and checks of the stored configuration objects (Namespace,
 * NetworkPolicy, NetworkAttachmentDefinition): the name, then the kind's own rules.
 */
public final class ConfigObjectValidation {

    private ConfigObjectValidation() {
    }

    /** The object with its kind's defaults ({@code SetDefaults_NetworkPolicy}; the others have none here). */
    public static KubeObject defaults(KubeObject o) {
        if (o instanceof Namespace ns) {
            return ns.withNameLabel(); // core/v1 SetDefaults_Namespace
        }
        return o instanceof NetworkPolicy p ? NetworkPolicyValidation.defaults(p) : o;
    }

    /**
     * {@code ValidateObjectMeta}'s name rule (a namespace's name is a DNS label, the others' a DNS
     * subdomain), then {@code ValidateNetworkPolicy}, or for a NetworkAttachmentDefinition the
     * check Multus' webhook makes: its CNI config must be readable.
     */
    public static List<FieldError> validate(KubeObject o) {
        List<FieldError> errs = new ArrayList<>();
        String name = o.metadata().name();
        if (name == null || name.isEmpty()) {
            errs.add(FieldError.required("metadata.name", "name or generateName is required"));
        } else {
            List<String> msgs = o instanceof Namespace ? Validation.dnsLabel(name) : Validation.dnsSubdomain(name);
            msgs.forEach(m -> errs.add(FieldError.invalid("metadata.name", name, m)));
        }
        if (o instanceof NetworkPolicy p) {
            errs.addAll(NetworkPolicyValidation.validate(p));
        } else if (o instanceof NetworkAttachmentDefinition nad && nad.spec().config() != null) {
            try {
                AttachmentNetwork.of(nad);
            } catch (IllegalArgumentException e) {
                errs.add(FieldError.invalid("spec.config", nad.spec().config(), e.getMessage()));
            }
        }
        return errs;
    }
}
