package io.rollbook.projections.history;

import java.util.List;
import java.util.Map;

import static io.rollbook.projections.history.DescribeWriter.bool;
import static io.rollbook.projections.history.DescribeWriter.map;
import static io.rollbook.projections.history.DescribeWriter.str;

/** kubectl's {@code describeVolumes} for the common sources; others print {@code <unknown>} as kubectl does. */
final class VolumeDescriber {

    private VolumeDescriber() {
    }

    static void describe(DescribeWriter w, List<Object> volumes) {
        if (volumes.isEmpty()) {
            w.write(0, "  Volumes:\t<none>\n");
            return;
        }
        w.write(0, "  Volumes:\n");
        for (Object o : volumes) {
            Map<String, Object> v = map(o);
            w.write(1, " " + str(v.get("name"), "") + ":\n");
            w.write(v.containsKey("hostPath") || v.containsKey("emptyDir") || v.containsKey("configMap")
                    || v.containsKey("secret") || v.containsKey("persistentVolumeClaim") ? 2 : 1, source(v));
        }
    }

    private static String source(Map<String, Object> v) {
        if (v.get("hostPath") instanceof Map<?, ?> h) {
            Map<String, Object> host = map(h);
            return "Type:\tHostPath (bare host directory volume)\n"
                    + "    Path:\t" + str(host.get("path"), "") + "\n"
                    + "    HostPathType:\t" + str(host.get("type"), "") + "\n";
        }
        if (v.get("emptyDir") instanceof Map<?, ?> e) {
            Map<String, Object> dir = map(e);
            String limit = str(dir.get("sizeLimit"), "");
            return "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                    + "    Medium:\t" + str(dir.get("medium"), "") + "\n"
                    + "    SizeLimit:\t" + (limit.isEmpty() || limit.equals("0") ? "<unset>" : limit) + "\n";
        }
        if (v.get("configMap") instanceof Map<?, ?> c) {
            Map<String, Object> cm = map(c);
            return "Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                    + "    Name:\t" + str(cm.get("name"), "") + "\n"
                    + "    Optional:\t" + bool(cm.get("optional")) + "\n";
        }
        if (v.get("secret") instanceof Map<?, ?> s) {
            Map<String, Object> secret = map(s);
            return "Type:\tSecret (a volume populated by a Secret)\n"
                    + "    SecretName:\t" + str(secret.get("secretName"), "") + "\n"
                    + "    Optional:\t" + bool(secret.get("optional")) + "\n";
        }
        if (v.get("persistentVolumeClaim") instanceof Map<?, ?> p) {
            Map<String, Object> claim = map(p);
            return "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                    + "    ClaimName:\t" + str(claim.get("claimName"), "") + "\n"
                    + "    ReadOnly:\t" + bool(claim.get("readOnly")) + "\n";
        }
        return "<unknown>\n";
    }
}
