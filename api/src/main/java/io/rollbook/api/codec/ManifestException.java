package io.rollbook.api.codec;

/** A manifest that cannot be read: not YAML or JSON, no kind, an unknown kind, a field of the wrong type. */
public class ManifestException extends RuntimeException {
    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
