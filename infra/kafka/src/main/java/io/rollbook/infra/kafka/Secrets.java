package io.rollbook.infra.kafka;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which client settings are secrets, so that no string form and no log line prints them: Kafka's
 * own password-typed settings ({@code sasl.jaas.config}, {@code ssl.key.password},
 * {@code ssl.keystore.password}, {@code ssl.truststore.password}), the key material of PEM stores
 * ({@code ssl.keystore.key}, {@code ssl.keystore.certificate.chain}), and whatever else names a
 * password, a secret or a token. They print as Kafka prints its passwords, {@value #HIDDEN}.
 */
public final class Secrets {

    public static final String HIDDEN = "[hidden]";

    private Secrets() {
    }

    /** Whether the value of the setting {@code key} is a secret. */
    public static boolean secret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.endsWith("jaas.config") || k.contains("password") || k.contains("secret") || k.contains("token")
                || k.equals("ssl.keystore.key") || k.equals("ssl.keystore.certificate.chain");
    }

    /** {@code value}, or {@value #HIDDEN} when {@code key} names a secret. */
    public static String shown(String key, Object value) {
        return secret(key) ? HIDDEN : String.valueOf(value);
    }

    /** The settings sorted by key, secrets hidden: for a string form. */
    public static Map<String, String> hidden(Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, shown(k, v)));
        return out;
    }
}
