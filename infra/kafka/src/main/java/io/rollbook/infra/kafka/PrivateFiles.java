package io.rollbook.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/** Files that hold secrets (passwords, keys): made new, readable by their owner only where the file system says so. */
final class PrivateFiles {

    private PrivateFiles() {
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * {@code values} as {@code key=value} lines under a {@code # comment}, sorted: a form both
     * {@link java.util.Properties} and librdkafka's {@code -F} files read (no escapes: the values
     * here are paths, names and hex passwords).
     */
    static void writeProperties(Path file, Map<String, String> values, String comment) {
        StringBuilder text = new StringBuilder("# ").append(comment).append('\n');
        new TreeMap<>(values).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        write(file, text.toString());
    }
}
