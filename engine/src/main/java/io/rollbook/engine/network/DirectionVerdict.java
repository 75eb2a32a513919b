package io.rollbook.engine.network;

import java.util.List;

/**
 * What one side's policies say about a connection: the sender's egress, or the receiver's ingress.
 *
 * @param direction  {@code Egress} or {@code Ingress}
 * @param applies    false when that side is not a pod (an address has no policies)
 * @param isolating  the policies ({@code namespace/name}) that select the pod for this direction;
 *                   empty means the pod is not isolated and everything is allowed
 * @param allowing   the rules that allow the connection, as {@code namespace/name spec.ingress[i]}
 * @param allowed    whether this side lets the connection through
 * @param reason     one sentence saying why
 */
public record DirectionVerdict(String direction, boolean applies, List<String> isolating, List<String> allowing,
                               boolean allowed, String reason) {

    public DirectionVerdict {
        isolating = List.copyOf(isolating);
        allowing = List.copyOf(allowing);
    }

    public boolean isolated() {
        return !isolating.isEmpty();
    }
}
