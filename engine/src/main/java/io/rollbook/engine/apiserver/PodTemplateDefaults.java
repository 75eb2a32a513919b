package io.rollbook.engine.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.Semantic;

import java.util.List;

/**
 * The core/v1 defaults the API server gives every pod template it stores, in a Deployment or a
 * ReplicaSet (pkg/apis/core/v1 defaults.go, {@code SetDefaults_PodSpec}, {@code _Container},
 * {@code _ContainerPort}, {@code _Probe}, {@code _HTTPGetAction}, {@code _Volume},
 * {@code _SecretVolumeSource}, {@code _ConfigMapVolumeSource}, {@code _ObjectFieldSelector}).
 *
 * <p>Only what is unset (absent, null or the Go zero value) is filled, so applying them twice gives
 * the same template. They are applied where the API server applies them, when a write stores a
 * template (apply, set image, restart), never when the controller copies one; and templates are
 * compared {@linkplain #equivalent with them applied to both sides}, so a template stored by an
 * older Rollbook, written without them, still equals the same template written today.
 */
public final class PodTemplateDefaults {

    public static final String DNS_POLICY = "ClusterFirst";
    public static final String RESTART_POLICY = "Always";
    public static final int TERMINATION_GRACE_PERIOD_SECONDS = 30;
    public static final String SCHEDULER_NAME = "default-scheduler";
    public static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";
    public static final String TERMINATION_MESSAGE_POLICY = "File";
    public static final String PROTOCOL = "TCP";
    /** 0644, as the API server writes it in JSON. */
    public static final int DEFAULT_MODE = 420;

    private PodTemplateDefaults() {
    }

    /** {@code template} with the defaults filled in; {@code template} itself when nothing was missing. */
    public static PodTemplateSpec apply(PodTemplateSpec template) {
        if (template == null) {
            return null;
        }
        ObjectNode tree = (ObjectNode) Codec.toTree(template);
        podSpec(tree.with("spec"));
        try {
            PodTemplateSpec out = Codec.json().treeToValue(tree, PodTemplateSpec.class);
            return out.equals(template) ? template : out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a defaulted template does not read back: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether {@code a} and {@code b} are semantically equal once both have the API server's defaults. */
    public static boolean equivalent(PodTemplateSpec a, PodTemplateSpec b) {
        return Semantic.equal(a, b) || Semantic.equal(apply(a), apply(b));
    }

    /** SetDefaults_PodSpec: dnsPolicy, restartPolicy, securityContext, terminationGracePeriodSeconds, schedulerName. */
    static void podSpec(ObjectNode spec) {
        fill(spec, "dnsPolicy", DNS_POLICY);
        fill(spec, "restartPolicy", RESTART_POLICY);
        if (!spec.hasNonNull("securityContext")) {
            spec.putObject("securityContext");
        }
        if (!spec.hasNonNull("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", TERMINATION_GRACE_PERIOD_SECONDS);
        }
        fill(spec, "schedulerName", SCHEDULER_NAME);
        for (String list : List.of("containers", "initContainers")) {
            spec.path(list).forEach(c -> {
                if (c.isObject()) {
                    container((ObjectNode) c);
                }
            });
        }
        spec.path("volumes").forEach(v -> {
            if (v.isObject()) {
                volume((ObjectNode) v);
            }
        });
    }

    /**
     * SetDefaults_Container: imagePullPolicy Always for the tag {@code latest} (or no tag and no
     * digest, which means latest), IfNotPresent otherwise; terminationMessagePath and
     * terminationMessagePolicy; then its ports, probes and field references.
     */
    static void container(ObjectNode c) {
        fill(c, "imagePullPolicy", "latest".equals(tag(c.path("image").asText(""))) ? "Always" : "IfNotPresent");
        fill(c, "terminationMessagePath", TERMINATION_MESSAGE_PATH);
        fill(c, "terminationMessagePolicy", TERMINATION_MESSAGE_POLICY);
        c.path("ports").forEach(p -> {
            if (p.isObject()) {
                fill((ObjectNode) p, "protocol", PROTOCOL); // SetDefaults_ContainerPort
            }
        });
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (c.path(probe).isObject()) {
                probe((ObjectNode) c.get(probe));
            }
        }
        c.path("env").forEach(e -> {
            JsonNode ref = e.path("valueFrom").path("fieldRef");
            if (ref.isObject()) {
                fill((ObjectNode) ref, "apiVersion", "v1"); // SetDefaults_ObjectFieldSelector
            }
        });
    }

    /** SetDefaults_Probe (timeout 1, period 10, success 1, failure 3) and SetDefaults_HTTPGetAction (path /, HTTP). */
    static void probe(ObjectNode p) {
        fillInt(p, "timeoutSeconds", 1);
        fillInt(p, "periodSeconds", 10);
        fillInt(p, "successThreshold", 1);
        fillInt(p, "failureThreshold", 3);
        if (p.path("httpGet").isObject()) {
            ObjectNode get = (ObjectNode) p.get("httpGet");
            fill(get, "path", "/");
            fill(get, "scheme", "HTTP");
        }
    }

    /**
     * SetDefaults_Volume: a volume with no source is an emptyDir; secret, configMap, downwardAPI and
     * projected sources get defaultMode 0644.
     */
    static void volume(ObjectNode v) {
        boolean hasSource = false;
        for (var it = v.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            hasSource |= !f.equals("name") && v.hasNonNull(f);
        }
        if (!hasSource) {
            v.putObject("emptyDir");
        }
        for (String source : List.of("secret", "configMap", "downwardAPI", "projected")) {
            if (v.path(source).isObject() && !v.get(source).hasNonNull("defaultMode")) {
                ((ObjectNode) v.get(source)).put("defaultMode", DEFAULT_MODE);
            }
        }
    }

    /**
     * The tag of an image reference, as the API server's image-name parser reads it: after the last
     * {@code :} of the last path segment, {@code latest} when there is neither tag nor digest, and
     * empty when there is only a digest.
     */
    static String tag(String image) {
        String ref = image;
        int at = ref.indexOf('@');
        boolean digest = at >= 0;
        if (digest) {
            ref = ref.substring(0, at);
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            return ref.substring(colon + 1);
        }
        return digest ? "" : "latest";
    }

    private static void fill(ObjectNode o, String field, String value) {
        if (o.path(field).asText("").isEmpty()) {
            o.put(field, value);
        }
    }

    private static void fillInt(ObjectNode o, String field, int value) {
        if (o.path(field).asInt(0) == 0) {
            o.put(field, value);
        }
    }
}
