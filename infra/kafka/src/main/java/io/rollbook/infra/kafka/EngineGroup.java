package io.rollbook.infra.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine's consumer group as its coordinator sees it now, for a client that got no answer to
 * say something true: no engine at all, a group rebalancing, or the instance that owns the
 * command's partition (and has not answered: busy restoring, or dead until its session times out).
 */
public final class EngineGroup {

    private EngineGroup() {
    }

    /** Why a command written to {@code partition} of the command topic may have had no answer yet. */
    public static String whyNoAnswer(KafkaSettings kafka, Topics topics, int partition, Duration timeout) {
        String where = "partition " + partition + " of " + topics.commands();
        ConsumerGroupDescription group = null;
        try (Admin admin = kafka.admin("rollbook-cli-group", Map.of("request.timeout.ms", (int) timeout.toMillis(),
                "default.api.timeout.ms", (int) timeout.toMillis()))) {
            group = admin.describeConsumerGroups(List.of(CommandLoop.GROUP)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(CommandLoop.GROUP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Kafka at " + kafka.bootstrapServers() + " could not be asked about the engine";
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) { // a group never joined: no engine ever ran
                return "Kafka at " + kafka.bootstrapServers() + " did not say who runs the engine ("
                        + e.getCause() + "); is `rollbook up` running?";
            }
        } catch (TimeoutException e) {
            return "Kafka at " + kafka.bootstrapServers() + " did not say within " + timeout.toSeconds()
                    + "s who runs the engine; is `rollbook up` running?";
        }
        List<MemberDescription> members = group == null ? List.of() : List.copyOf(group.members());
        if (members.isEmpty()) {
            return "no engine is running (consumer group " + CommandLoop.GROUP + " has no members); the command"
                    + " waits in " + where + " and runs when one starts";
        }
        TopicPartition tp = new TopicPartition(topics.commands(), partition);
        for (MemberDescription m : members) {
            if (m.assignment().topicPartitions().contains(tp)) {
                return "engine instance " + instance(m) + " owns " + where + " and has not answered: it may be"
                        + " restoring, or have failed, in which case its partitions move to the other "
                        + (members.size() - 1) + " member(s) of the group after its session timeout and the"
                        + " command runs there";
            }
        }
        GroupState state = group.groupState();
        return "the engine group is " + state.toString().toLowerCase(java.util.Locale.ROOT) + " with "
                + members.size() + " member(s) and " + where + " has no owner yet (an instance joined or left);"
                + " the command waits and runs once it has one";
    }

    private static String instance(MemberDescription m) {
        String prefix = "rollbook-engine-";
        return m.groupInstanceId().map(id -> id.startsWith(prefix) ? id.substring(prefix.length()) : id)
                .orElse(m.consumerId() + " at " + m.host());
    }
}
