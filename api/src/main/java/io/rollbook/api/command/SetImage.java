package io.rollbook.api.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@code kubectl set image C=IMAGE...}: container name to image. */
public record SetImage(Map<String, String> images) implements CommandPayload {
    public SetImage {
        Objects.requireNonNull(images, "images");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images must name at least one container");
        }
        images.forEach((c, i) -> {
            if (c == null || c.isEmpty() || i == null || i.isEmpty()) {
                throw new IllegalArgumentException("container and image must not be empty: " + c + "=" + i);
            }
        });
        images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }
}
