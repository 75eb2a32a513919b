package io.rollbook.infra.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API server's static token file ({@code --token-auth-file}): one CSV line per token,
 * {@code token,user,uid,"group1,group2"} (the groups column optional, quoted when it holds commas).
 * Blank lines and lines starting with {@code #} are skipped.
 */
public final class TokenFile {

    private final Map<String, User> byToken;

    private TokenFile(Map<String, User> byToken) {
        this.byToken = Map.copyOf(byToken);
    }

    public static TokenFile empty() {
        return new TokenFile(Map.of());
    }

    /** @throws IllegalArgumentException naming the file and line that cannot be read */
    public static TokenFile read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file + ": " + e.getMessage(), e);
        }
    }

    static TokenFile parse(String source, String text) {
        Map<String, User> out = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> cols = csv(line);
            if (cols.size() < 3 || cols.get(0).isEmpty() || cols.get(1).isEmpty()) {
                throw new IllegalArgumentException(source + ":" + (i + 1)
                        + ": expected token,user,uid[,\"group1,group2\"], got " + cols.size() + " columns");
            }
            List<String> groups = new ArrayList<>();
            if (cols.size() > 3) {
                for (String g : cols.get(3).split(",")) {
                    if (!g.isBlank()) {
                        groups.add(g.strip());
                    }
                }
            }
            groups.add(User.AUTHENTICATED);
            if (out.put(cols.get(0), new User(cols.get(1), cols.get(2), groups, null)) != null) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": duplicate token");
            }
        }
        return new TokenFile(out);
    }

    /** A CSV line's columns: commas separate, double quotes group, {@code ""} inside quotes is a quote. */
    private static List<String> csv(String line) {
        List<String> cols = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cols.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cols.add(cur.toString().strip());
        return cols;
    }

    /** This file with one more token (the command token of {@code ROLLBOOK_API_TOKEN}). */
    public TokenFile with(String token, User user) {
        Map<String, User> m = new LinkedHashMap<>(byToken);
        m.putIfAbsent(token, user);
        return new TokenFile(m);
    }

    public boolean isEmpty() {
        return byToken.isEmpty();
    }

    /** The user a bearer token belongs to, or null; every token is compared in constant time. */
    public User user(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        User found = null;
        for (Map.Entry<String, User> e : byToken.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return found;
    }

    /** The first token of {@code user}, for {@code rollbook kubeconfig --user}; null when it has none. */
    public String tokenOf(String user) {
        return byToken.entrySet().stream().filter(e -> e.getValue().name().equals(user)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
