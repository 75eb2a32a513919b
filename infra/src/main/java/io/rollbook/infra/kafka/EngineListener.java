package io.rollbook.infra.kafka;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Outcome;

import java.time.Instant;

/** What the command loop reports as it goes: for metrics and logs. Every method has a no-op default. */
public interface EngineListener {
    EngineListener NONE = new EngineListener() {
    };

    default void processed(CommandEnvelope command, Outcome outcome, Instant finishedAt) {
    }

    default void deadLettered(String reason) {
    }

    default void restored(int partition, long events, long outcomes) {
    }

    default void transactionAborted(Exception cause) {
    }
}
