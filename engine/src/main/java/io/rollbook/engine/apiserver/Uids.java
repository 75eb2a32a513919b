package io.rollbook.engine.apiserver;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The {@code metadata.uid} the API server gives an object it creates. Upstream's is random; here
 * it is derived from a name (kind, key and the creating command), so that replaying the log
 * produces the same uids.
 */
public final class Uids {

    private Uids() {
    }

    /** A name-based (type 3) UUID of {@code name}. */
    public static String uid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
