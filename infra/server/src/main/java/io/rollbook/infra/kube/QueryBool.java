package io.rollbook.infra.kube;

/**
 * A boolean query parameter as the API server reads it, with Go's {@code strconv.ParseBool}:
 * {@code 1, t, T, TRUE, true, True} are true, {@code 0, f, F, FALSE, false, False} false, absent or
 * empty is false, anything else is a 400. The official Python client sends {@code watch=True}.
 */
final class QueryBool {

    private QueryBool() {
    }

    /** The value of {@code name}={@code value}; a {@link KubeStatus} 400 for a value Go cannot parse. */
    static boolean parse(String name, String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw KubeStatus.badRequest("invalid value for query parameter " + name
                    + ": strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
        };
    }
}
