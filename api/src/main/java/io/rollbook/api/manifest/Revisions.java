package io.rollbook.api.manifest;

/**
 * The revision annotation ({@link WellKnown#REVISION_ANNOTATION}) of a Deployment or ReplicaSet as
 * an int64, the one parser of it (deployment_util.go Revision). The annotation belongs to the
 * controller, but a manifest may carry anything in it until the controller writes its own.
 */
public final class Revisions {

    private Revisions() {
    }

    /**
     * Revision: 0 when the annotation is missing.
     *
     * @throws NumberFormatException when it is present but not an int64 (where Revision returns its error)
     */
    public static long of(ObjectMeta meta) {
        String v = meta.annotation(WellKnown.REVISION_ANNOTATION);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** Revision with its error skipped, as the controller's callers do: 0 when missing or not an int64. */
    public static long orZero(ObjectMeta meta) {
        try {
            return of(meta);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
