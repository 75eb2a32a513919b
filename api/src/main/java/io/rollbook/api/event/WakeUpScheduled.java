package io.rollbook.api.event;

import java.time.Instant;

/** The aggregate waits on time (minReadySeconds, progress deadline) and wants a Tick at {@code at}. */
public record WakeUpScheduled(Instant at) implements RollbookEvent {
}
