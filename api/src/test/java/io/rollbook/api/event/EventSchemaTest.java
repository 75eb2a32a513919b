package io.rollbook.api.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A released event shape never changes: the committed {@code event-schemas.txt} holds, per type and
 * version, every field path of {@code data} with its Java type ({@code ReplicaSetScaled 1 to int}).
 * Each field recorded for a type's current version must still be there with the same type; a new
 * field is allowed (it reads as its default in older envelopes), and so is a new type (version 1,
 * nothing to do). Rewrite the file with {@code -Drollbook.writeEventSchemas=true}.
 */
class EventSchemaTest {

    private static final Path FILE = Path.of("src/test/resources/event-schemas.txt");

    @Test
    void everyRecordedFieldOfEachCurrentVersionIsStillThere() throws IOException {
        Map<String, Set<String>> recorded = recorded();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Class<? extends RollbookEvent>> type : Events.TYPES.entrySet()) {
            int version = EventVersions.RELEASED.current(type.getKey());
            Set<String> fields = recorded.get(type.getKey() + " " + version);
            if (fields == null) {
                if (version > 1) {
                    problems.add(type.getKey() + " is at version " + version + " but its shape is not recorded");
                }
                continue;
            }
            Set<String> now = shape(type.getValue());
            for (String field : fields) {
                if (!now.contains(field)) {
                    problems.add(type.getKey() + " version " + version + " had the field \"" + field
                            + "\", which is gone or has another type");
                }
            }
        }
        assertThat(problems).as("""
                A released event shape changed. Envelopes of that shape are in rollbook.events forever, and
                every release must read them. Either keep the field (a new field with a default needs nothing),
                or give the type a new version: add an EventVersions.Upcaster to EventVersions.RELEASED that
                rewrites the old data as the new one (from = the version being replaced), then record the new
                shape: ./mvnw -B -q -pl api test -Dtest=EventSchemaTest -Drollbook.writeEventSchemas=true
                (the old version's lines stay in the file).""").isEmpty();
    }

    /** Writes the current shapes when asked, keeping every older version's lines. */
    @Test
    void writesTheCurrentShapesWhenAsked() throws IOException {
        if (!Boolean.getBoolean("rollbook.writeEventSchemas")) {
            assertThat(Files.exists(FILE)).as(FILE + " is committed").isTrue();
            return;
        }
        Set<String> lines = new TreeSet<>();
        Set<String> current = new HashSet<>();
        for (Map.Entry<String, Class<? extends RollbookEvent>> type : Events.TYPES.entrySet()) {
            String key = type.getKey() + " " + EventVersions.RELEASED.current(type.getKey());
            current.add(key);
            Set<String> fields = shape(type.getValue());
            if (fields.isEmpty()) {
                lines.add(key + " -");
            }
            fields.forEach(f -> lines.add(key + " " + f));
        }
        if (Files.exists(FILE)) {
            Files.readAllLines(FILE, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .filter(l -> !current.contains(key(l))).forEach(lines::add);
        }
        List<String> out = new ArrayList<>();
        out.add("# The data shapes of every released event version: type version field-path java-type.");
        out.add("# Checked by EventSchemaTest; never edit a line of a released version by hand.");
        out.addAll(lines);
        Files.write(FILE, out, StandardCharsets.UTF_8);
        assertThat(recorded()).isNotEmpty();
    }

    private static Map<String, Set<String>> recorded() throws IOException {
        return Files.readAllLines(FILE, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .collect(Collectors.groupingBy(EventSchemaTest::key, Collectors.mapping(
                        l -> l.substring(key(l).length() + 1), Collectors.toCollection(TreeSet::new))))
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> {
                    Set<String> fields = e.getValue();
                    fields.remove("-");
                    return fields;
                }));
    }

    private static String key(String line) {
        String[] parts = line.split(" ", 3);
        return parts[0] + " " + parts[1];
    }

    /** Every field path of a record as its JSON names it, with its type; nested records by their paths. */
    static Set<String> shape(Class<?> record) {
        Set<String> out = new TreeSet<>();
        walk(record, "", out, new HashSet<>());
        return out;
    }

    private static void walk(Class<?> record, String prefix, Set<String> out, Set<Class<?>> path) {
        if (!path.add(record)) {
            out.add(prefix + "(recursive " + record.getSimpleName() + ")");
            return;
        }
        for (RecordComponent c : record.getRecordComponents()) {
            JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
            if (named == null) {
                try {
                    named = record.getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
            }
            String name = named != null && !named.value().isEmpty() ? named.value() : c.getName();
            describe(c.getGenericType(), prefix + name, out, path);
        }
        path.remove(record);
    }

    private static void describe(Type type, String path, Set<String> out, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                describe(args[0], path + "[]", out, seen);
                return;
            }
            if (Map.class.isAssignableFrom(raw)) {
                describe(args[1], path + "{}", out, seen);
                return;
            }
            out.add(path + " " + raw.getSimpleName());
            return;
        }
        if (type instanceof Class<?> cls && cls.isRecord()) {
            out.add(path + " " + cls.getSimpleName());
            walk(cls, path + ".", out, seen);
            return;
        }
        out.add(path + " " + (type instanceof Class<?> cls ? cls.getSimpleName() : type.getTypeName()));
    }
}
