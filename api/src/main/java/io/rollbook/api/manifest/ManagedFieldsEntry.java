package io.rollbook.api.manifest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.fields.FieldSet;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of {@code metadata.managedFields}: the fields one field manager owns, as the API server
 * writes it. A manager is told apart by {@code manager}, {@code operation}, {@code subresource} and,
 * for {@code Update}, {@code apiVersion} (structured-merge-diff's manager identifier).
 *
 * @param operation {@code Apply} (server-side apply) or {@code Update} (every other write)
 * @param time      when the entry's fields last changed: the command's time
 * @param fieldsV1  the owned fields in the {@code FieldsV1} form ({@link FieldSet#toFieldsV1()})
 */
@JsonPropertyOrder({"apiVersion", "fieldsType", "fieldsV1", "manager", "operation", "subresource", "time"})
public record ManagedFieldsEntry(String manager, String operation, String apiVersion, Instant time,
                                 String fieldsType, JsonNode fieldsV1, String subresource) {

    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";
    public static final String FIELDS_V1 = "FieldsV1";

    public ManagedFieldsEntry {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(operation, "operation");
        subresource = subresource == null || subresource.isEmpty() ? null : subresource;
    }

    public static ManagedFieldsEntry of(String manager, String operation, String apiVersion, Instant time,
                                        FieldSet fields, String subresource) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, time, FIELDS_V1, fields.toFieldsV1(),
                subresource);
    }

    /** The owned fields. */
    public FieldSet fields() {
        return fieldsV1 == null ? FieldSet.EMPTY : FieldSet.fromFieldsV1(fieldsV1);
    }

    /** Whether {@code o} is the same manager (structured-merge-diff's manager identifier: time and fields aside). */
    public boolean sameManager(String otherManager, String otherOperation, String otherApiVersion,
                               String otherSubresource) {
        return manager.equals(otherManager) && operation.equals(otherOperation)
                && Objects.equals(subresource, otherSubresource == null || otherSubresource.isEmpty() ? null
                : otherSubresource)
                && (APPLY.equals(operation) || Objects.equals(apiVersion, otherApiVersion));
    }

    /**
     * How a conflict names the manager, as the API server prints it: {@code "kubectl"} for an
     * applier, {@code "kubectl-client-side-apply" using apps/v1} for an updater, with
     * {@code with subresource "scale"} after the name for a subresource's manager.
     */
    @JsonIgnore
    public String describe() {
        String s = "\"" + manager + "\"" + (subresource == null ? "" : " with subresource \"" + subresource + "\"");
        return UPDATE.equals(operation) ? s + " using " + apiVersion : s;
    }

    public ManagedFieldsEntry withFields(FieldSet fields, Instant at) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, at, FIELDS_V1, fields.toFieldsV1(), subresource);
    }
}
