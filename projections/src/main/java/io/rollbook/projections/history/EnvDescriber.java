package io.rollbook.projections.history;

import java.util.List;
import java.util.Map;

import static io.rollbook.projections.history.DescribeWriter.bool;
import static io.rollbook.projections.history.DescribeWriter.map;
import static io.rollbook.projections.history.DescribeWriter.str;

/** kubectl's {@code describeContainerEnvFrom} and {@code describeContainerEnvVars} for a template. */
final class EnvDescriber {

    private EnvDescriber() {
    }

    static void envFrom(DescribeWriter w, List<Object> sources) {
        if (sources.isEmpty()) {
            return;
        }
        w.write(2, "Environment Variables from:\n");
        for (Object o : sources) {
            Map<String, Object> source = map(o);
            String from = "";
            Map<String, Object> ref = Map.of();
            if (source.get("configMapRef") instanceof Map<?, ?> cm) {
                from = "ConfigMap";
                ref = map(cm);
            } else if (source.get("secretRef") instanceof Map<?, ?> secret) {
                from = "Secret";
                ref = map(secret);
            }
            String prefix = str(source.get("prefix"), "");
            String what = prefix.isEmpty() ? from : from + " with prefix '" + prefix + "'";
            w.write(3, str(ref.get("name"), "") + "\t" + what + "\tOptional: " + bool(ref.get("optional")) + "\n");
        }
    }

    static void env(DescribeWriter w, List<Object> vars) {
        w.write(2, "Environment:" + (vars.isEmpty() ? "\t<none>" : "") + "\n");
        for (Object o : vars) {
            Map<String, Object> e = map(o);
            String name = str(e.get("name"), "");
            if (!(e.get("valueFrom") instanceof Map<?, ?> from)) {
                String[] lines = str(e.get("value"), "").split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    w.write(3, (i == 0 ? name + ":\t" : "\t") + lines[i] + "\n");
                }
                continue;
            }
            String line = valueFrom(name, map(from));
            if (line != null) {
                w.write(3, line + "\n");
            }
        }
    }

    /** A template has no pod to resolve field references against, so their value prints empty as in kubectl. */
    private static String valueFrom(String name, Map<String, Object> from) {
        if (from.get("fieldRef") instanceof Map<?, ?> f) {
            Map<String, Object> field = map(f);
            return name + ":\t (" + str(field.get("apiVersion"), "v1") + ":" + str(field.get("fieldPath"), "") + ")";
        }
        if (from.get("resourceFieldRef") instanceof Map<?, ?> r) {
            return name + ":\t (" + str(map(r).get("resource"), "") + ")";
        }
        if (from.get("secretKeyRef") instanceof Map<?, ?> s) {
            Map<String, Object> ref = map(s);
            return name + ":\t<set to the key '" + str(ref.get("key"), "") + "' in secret '" + str(ref.get("name"), "")
                    + "'>\tOptional: " + bool(ref.get("optional"));
        }
        if (from.get("configMapKeyRef") instanceof Map<?, ?> c) {
            Map<String, Object> ref = map(c);
            return name + ":\t<set to the key '" + str(ref.get("key"), "") + "' of config map '"
                    + str(ref.get("name"), "") + "'>\tOptional: " + bool(ref.get("optional"));
        }
        return null;
    }
}
