package io.rollbook.api.event;

/** A stored configuration object was deleted. {@code kind} is its kind, e.g. {@code NetworkPolicy}. */
public record ObjectDeleted(String kind, String name) implements RollbookEvent {
}
