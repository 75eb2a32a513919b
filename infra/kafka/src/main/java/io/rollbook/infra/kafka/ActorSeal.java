package io.rollbook.infra.kafka;

import io.rollbook.api.command.CommandEnvelope;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Whether a command's {@code issuedBy} may be believed. A Kafka record does not carry who produced
 * it (consumers see no principal; headers are the producer's to set), so the engine cannot learn
 * the actor from the record. What it can check is a seal: the HTTP edge of {@code up}, which
 * authenticated the user it writes into {@code issuedBy}, and the kubelet stand-in in the same
 * process put an HMAC-SHA256 of the record's value, under a key only Rollbook's processes hold,
 * into the header {@value #HEADER}. A command without a valid seal came from some other Kafka
 * producer: the engine keeps its {@code issuedBy} marked as claimed, {@code ops-bot (claimed, via
 * Kafka)}, in every event and so in the audit. A producer cannot forge the seal without the key;
 * it can copy a sealed record only with Read on {@code rollbook.commands}, which the client ACLs do
 * not give, and a copy has the original's command id, so it is not applied again.
 */
public final class ActorSeal {

    public static final String HEADER = "rollbook-seal";
    private static final String ALGORITHM = "HmacSHA256";

    /** No key: seals nothing, and every command is claimed (the CLI, a test's engine). */
    public static final ActorSeal NONE = new ActorSeal(null);

    private final SecretKeySpec key;
    /** One initialised Mac per thread (a Mac is not thread-safe): the engine checks a seal on every command. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private ActorSeal(byte[] key) {
        this.key = key == null ? null : new SecretKeySpec(key, ALGORITHM);
    }

    public static ActorSeal of(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a seal key needs at least 32 bytes, had " + key.length);
        }
        return new ActorSeal(key.clone());
    }

    /**
     * The key in {@code file}, made now (32 random bytes, readable by the owner only) if missing.
     * Every instance whose engine may read a command must hold the same file. Several processes
     * starting at once on one data directory agree on one key: it is written whole into a file of
     * its own, then linked into place, which fails for all but the first.
     */
    public static ActorSeal inFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path mine;
                try {
                    mine = Files.createTempFile(dir, file.getFileName() + ".", ".new",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    mine = Files.createTempFile(dir, file.getFileName() + ".", ".new");
                }
                try {
                    Files.write(mine, fresh);
                    Files.createLink(file, mine);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another process made it first: its key is the one
                } finally {
                    Files.deleteIfExists(mine);
                }
            }
            return of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the seal key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The header that seals {@code value}; null without a key. */
    public Header seal(byte[] value) {
        return key == null ? null : new RecordHeader(HEADER, mac(value));
    }

    /** Adds the seal of {@code value} to {@code headers} (nothing without a key). */
    public void sealInto(Headers headers, byte[] value) {
        Header h = seal(value);
        if (h != null) {
            headers.remove(HEADER);
            headers.add(h);
        }
    }

    /** Whether {@code headers} hold a seal of {@code value} made with this key. */
    public boolean verifies(Headers headers, byte[] value) {
        if (key == null || value == null) {
            return false;
        }
        Header h = headers.lastHeader(HEADER);
        return h != null && h.value() != null && MessageDigest.isEqual(h.value(), mac(value));
    }

    /** {@code command} as the engine records it: as written when sealed, else its actor marked claimed. */
    public CommandEnvelope vouch(CommandEnvelope command, Headers headers, byte[] value) {
        return verifies(headers, value) ? command : command.withIssuedBy(claimed(command.issuedBy()));
    }

    /** {@code ops-bot (claimed, via Kafka)}; a command that names no one is {@code unknown (claimed, via Kafka)}. */
    public static String claimed(String issuedBy) {
        return (issuedBy == null || issuedBy.isBlank() ? "unknown" : issuedBy) + " (claimed, via Kafka)";
    }

    private byte[] mac(byte[] value) {
        return macs.get().doFinal(value); // doFinal leaves the Mac reset for the next value
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }
}
