package io.rollbook.engine.verbs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollbook.api.codec.Codec;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.rollbook.api.command.Apply;
import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Outcome;
import io.rollbook.api.command.Scale;
import io.rollbook.api.event.DeploymentApplied;
import io.rollbook.api.event.ReplicaSetApplied;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.WellKnown;
import io.rollbook.api.state.WorkloadState;
import io.rollbook.engine.controllers.EventSink;
import io.rollbook.api.fields.FieldPath;
import io.rollbook.api.fields.FieldSet;
import io.rollbook.api.fields.Fields;
import io.rollbook.api.manifest.KubeObject;
import io.rollbook.api.manifest.ManagedFieldsEntry;
import io.rollbook.api.manifest.ObjectMeta;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static io.rollbook.api.manifest.ManagedFieldsEntry.APPLY;
import static io.rollbook.api.manifest.ManagedFieldsEntry.UPDATE;

/**
 * Who owns which field of an object: {@code metadata.managedFields} as the API server's field
 * manager keeps it (structured-merge-diff's {@code Updater.Update} and {@code Updater.Apply}).
 * Pure: the entries before, the objects and the command's time in; the entries after out. The
 * engine stores the result in the object of the event it writes, so the ownership is folded from
 * the log like the rest of the object, and replay and every instance agree.
 *
 * <p>Worked example: {@code kubectl apply -f} (client-side, manager {@code
 * kubectl-client-side-apply}, an Update) creates a Deployment with {@code replicas: 3}: that
 * manager owns every field, defaults included. {@code kubectl apply --server-side
 * --field-manager=ci} of the same file with {@code replicas: 5} changes a field the first owns:
 * {@code Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1:
 * .spec.replicas}, nothing stored. With {@code --force-conflicts} {@code ci} owns the fields of its
 * file, {@code .spec.replicas} no longer belongs to the first, which keeps the rest.
 */
public final class FieldOwnership {

    /**
     * The manager that owns every field of an object that has no managed fields when it is first
     * applied (here: every object logged before field managers were recorded), operation Update.
     */
    public static final String BEFORE_FIRST_APPLY = "before-first-apply";
    /** Metadata the server owns: never a managed field. */
    private static final List<String> SERVER_METADATA = List.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "deletionTimestamp", "managedFields", "selfLink");

    /**
     * The verbs of DeploymentApplied and ReplicaSetApplied that a user's command writes; the
     * controllers' own writes (auto-paused, auto-rolled-back, the canary's) change no ownership.
     */
    private static final Set<String> USER_VERBS = Set.of("created", "configured", "scaled", "image-updated",
            "paused", "resumed", "rolled-back", "restarted");

    private FieldOwnership() {
    }

    /**
     * {@code sink}, with each object a user's verb writes carrying its managed fields after the
     * write: {@code applied} for a server-side apply, else the command's manager's Update of the
     * fields it changed (against the object in {@code state} before the event).
     */
    static EventSink recording(WorkloadState state, CommandEnvelope cmd, Instant now, List<ManagedFieldsEntry> applied,
                               EventSink sink) {
        return e -> {
            if (e instanceof DeploymentApplied a && USER_VERBS.contains(a.verb())) {
                Deployment d = a.deployment();
                e = new DeploymentApplied(d.withMetadata(d.metadata().withManagedFields(
                        after(state.deployment(), d, cmd, now, applied))), a.verb());
            } else if (e instanceof ReplicaSetApplied a && USER_VERBS.contains(a.verb())) {
                ReplicaSet rs = a.replicaSet();
                e = new ReplicaSetApplied(rs.withMetadata(rs.metadata().withManagedFields(
                        after(state.replicaSet(rs.name()), rs, cmd, now, applied))), a.verb());
            }
            sink.emit(e);
        };
    }

    private static List<ManagedFieldsEntry> after(KubeObject before, KubeObject next, CommandEnvelope cmd, Instant now,
                                                  List<ManagedFieldsEntry> applied) {
        return applied != null ? applied : update(managedOf(before), cmd.fieldManagerOrDefault(), next.apiVersion(),
                subresource(cmd), ownable(before), ownable(next), now);
    }

    /**
     * The manifest a server-side apply stores: {@code apply}'s configuration merged over {@code live}
     * by {@link #apply}, read back as the manifest's type, with the entries after it.
     */
    static <T extends KubeObject> Merged<T> serverSide(KubeObject live, CommandEnvelope cmd, Apply apply, Class<T> type,
                                                    Instant now) {
        KubeObject config = apply.manifest();
        Applied a = apply(managedOf(live), cmd.fieldManagerOrDefault(), config.apiVersion(), ownable(live),
                ownable(config), apply.serverSide().force(), now);
        ObjectNode tree = a.object().deepCopy();
        tree.put("apiVersion", config.apiVersion()).put("kind", config.kind());
        tree.with("metadata").put("name", cmd.target().name()).put("namespace", cmd.target().namespace());
        try {
            return new Merged<>(Codec.json().treeToValue(tree, type), a.managed());
        } catch (JsonProcessingException e) {
            throw new Rejection(Outcome.Reason.BadRequest, "the applied configuration does not merge into a "
                    + config.kind() + ": " + e.getOriginalMessage());
        }
    }

    /** A server-side apply's manifest and the managed fields it leaves. */
    record Merged<T extends KubeObject>(T manifest, List<ManagedFieldsEntry> managed) {

        /** Whether the object's entries would change although its fields do not (a new co-owner). */
        boolean changesOwnership(KubeObject current) {
            return current != null && !managed.equals(managedOf(current));
        }
    }

    /** A server-side apply's outcome: the merged object (without status) and the entries after it. */
    public record Applied(ObjectNode object, List<ManagedFieldsEntry> managed) {
    }

    /** The subresource a command writes through: {@code scale} for Scale, else the object itself. */
    static String subresource(CommandEnvelope cmd) {
        return cmd.payload() instanceof Scale ? "scale" : null;
    }

    /**
     * The fields of {@code o} a manager can own: no apiVersion, kind, status or server-set metadata,
     * and no empty {@code spec} (what a configuration without one reads as, not a field it sets).
     */
    public static ObjectNode ownable(KubeObject o) {
        return o == null ? null : ownable(Codec.toTree(o));
    }

    static ObjectNode ownable(JsonNode tree) {
        ObjectNode out = ((ObjectNode) tree).deepCopy();
        out.remove(List.of("apiVersion", "kind", "status"));
        if (out.path("metadata").isObject()) {
            ((ObjectNode) out.get("metadata")).remove(SERVER_METADATA);
            if (out.get("metadata").isEmpty()) {
                out.remove("metadata");
            }
        }
        if (out.path("spec").isObject() && out.get("spec").isEmpty()) {
            out.remove("spec");
        }
        return out;
    }

    static List<ManagedFieldsEntry> managedOf(KubeObject o) {
        ObjectMeta meta = o == null ? null : o.metadata();
        return meta == null || meta.managedFields() == null ? List.of() : meta.managedFields();
    }

    /**
     * An Update (every write but server-side apply): the manager takes the fields whose value it
     * changed, every other manager loses them, and a removed field is nobody's. A write that
     * changes nothing leaves the entries as they were (times too).
     */
    public static List<ManagedFieldsEntry> update(List<ManagedFieldsEntry> managed, String manager, String apiVersion,
                                                  String subresource, JsonNode before, JsonNode after, Instant now) {
        FieldSet changed = Fields.changed(before, after);
        FieldSet removed = Fields.removed(before, after);
        if (changed.isEmpty() && removed.isEmpty()) {
            return managed;
        }
        List<ManagedFieldsEntry> out = new ArrayList<>();
        ManagedFieldsEntry mine = null;
        for (ManagedFieldsEntry e : managed) {
            if (e.sameManager(manager, UPDATE, apiVersion, subresource)) {
                mine = e;
            } else {
                keep(out, e, e.fields().minus(changed).minus(removed));
            }
        }
        FieldSet own = (mine == null ? FieldSet.EMPTY : mine.fields()).minus(removed).union(changed);
        if (mine != null && own.equals(mine.fields())) {
            out.add(mine);
        } else if (!own.isEmpty()) {
            out.add(ManagedFieldsEntry.of(manager, UPDATE, apiVersion, now, own, subresource));
        }
        return sorted(out);
    }

    /**
     * A server-side apply of {@code config} (ownable fields only) over {@code live} (null: a
     * create): the config is merged in; the fields this manager applied before and applies no more
     * are removed unless another manager owns them; a field another manager owns whose value the
     * merge changes is a conflict, refused unless {@code force}, which takes it from them. The
     * manager's Apply entry then holds exactly the config's fields.
     *
     * @throws ApplyConflict when fields conflict and {@code force} is false; nothing is changed
     */
    public static Applied apply(List<ManagedFieldsEntry> managed, String manager, String apiVersion, JsonNode live,
                                JsonNode config, boolean force, Instant now) {
        List<ManagedFieldsEntry> managers = managed;
        if (live != null && managed.isEmpty()) {
            managers = List.of(ManagedFieldsEntry.of(BEFORE_FIRST_APPLY, UPDATE, apiVersion, now, Fields.set(live),
                    null));
        }
        FieldSet set = Fields.set(config);
        ManagedFieldsEntry last = null;
        FieldSet others = FieldSet.EMPTY;
        for (ManagedFieldsEntry e : managers) {
            if (e.sameManager(manager, APPLY, apiVersion, null)) {
                last = e;
            } else {
                others = others.union(e.fields());
            }
        }
        List<FieldPath> disowned = new ArrayList<>();
        for (FieldPath p : last == null ? FieldSet.EMPTY : last.fields().minus(set)) {
            if (!others.containsPrefixOf(p) && !set.containsPrefixOf(p)) {
                disowned.add(p);
            }
        }
        ObjectNode merged = Fields.remove(Fields.merge(live, config), FieldSet.of(disowned));
        FieldSet changed = Fields.changed(live, merged);
        FieldSet removed = Fields.removed(live, merged);
        List<ApplyConflict.Conflict> conflicts = new ArrayList<>();
        List<ManagedFieldsEntry> out = new ArrayList<>();
        for (ManagedFieldsEntry e : managers) {
            if (e == last) {
                continue;
            }
            FieldSet taken = e.fields().intersect(changed);
            taken.forEach(p -> conflicts.add(new ApplyConflict.Conflict(e, p)));
            keep(out, e, e.fields().minus(taken).minus(removed));
        }
        if (!conflicts.isEmpty() && !force && !upgradesClientSideApply(manager, live, conflicts)) {
            throw new ApplyConflict(conflicts);
        }
        out.add(last != null && last.fields().equals(set) ? last
                : ManagedFieldsEntry.of(manager, APPLY, apiVersion, now, set, null));
        return new Applied(merged, sorted(out));
    }

    /**
     * The API server's lastAppliedManager: kubectl's server-side apply (manager {@code kubectl})
     * takes over, without a conflict, the fields a client-side apply wrote, that is the fields of
     * the {@code last-applied-configuration} annotation whose live value is still the one it holds
     * (allowedConflictsFromLastApplied). Any other conflict still refuses the apply.
     */
    private static boolean upgradesClientSideApply(String manager, JsonNode live,
                                                   List<ApplyConflict.Conflict> conflicts) {
        JsonNode annotation = live == null ? null : live.path("metadata").path("annotations")
                .get(WellKnown.LAST_APPLIED_ANNOTATION);
        if (!"kubectl".equals(manager) || annotation == null || !annotation.isTextual()) {
            return false;
        }
        JsonNode lastApplied;
        try {
            lastApplied = ownable(Codec.json().readTree(annotation.asText()));
        } catch (JsonProcessingException | ClassCastException e) {
            return false; // not an object: nothing was client-side applied that could be taken over
        }
        FieldSet applied = Fields.set(lastApplied);
        FieldSet allowed = applied.minus(Fields.changed(lastApplied, live).intersect(applied));
        return conflicts.stream().allMatch(c -> allowed.contains(c.path()));
    }

    /** {@code e} with {@code fields} (its time unchanged), or nothing when it owns nothing any more. */
    private static void keep(List<ManagedFieldsEntry> out, ManagedFieldsEntry e, FieldSet fields) {
        if (fields.equals(e.fields())) {
            out.add(e);
        } else if (!fields.isEmpty()) {
            out.add(e.withFields(fields, e.time()));
        }
    }

    /** The API server's order: Apply before Update, then by time, manager, apiVersion, subresource. */
    private static List<ManagedFieldsEntry> sorted(List<ManagedFieldsEntry> entries) {
        List<ManagedFieldsEntry> out = new ArrayList<>(entries);
        out.sort(Comparator.comparing(ManagedFieldsEntry::operation)
                .thenComparing(e -> e.time() == null ? Instant.EPOCH : e.time())
                .thenComparing(ManagedFieldsEntry::manager)
                .thenComparing(e -> e.apiVersion() == null ? "" : e.apiVersion())
                .thenComparing(e -> e.subresource() == null ? "" : e.subresource()));
        return List.copyOf(out);
    }
}
