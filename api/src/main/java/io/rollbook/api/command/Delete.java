package io.rollbook.api.command;

/** {@code kubectl delete}: the object, its ReplicaSets and pods. */
public record Delete() implements CommandPayload {
}
