package io.rollbook.infra.kubelet;

import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.KafkaSettings;
import io.rollbook.infra.kafka.Topics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which instance's kubelet stand-in drives the pods: the one whose member of group
 * {@value #GROUP} holds partition 0 of the command topic. The member reads nothing (every partition
 * it gets is paused); the group is only Kafka's way to elect one of the instances, and to elect
 * another when it leaves (at once, on a planned stop: a static member leaves on close) or dies
 * (after its session timeout).
 *
 * <p>One elected kubelet, not one per partition owner: the stand-in places pods on the least-loaded
 * node and gives them the lowest free address, decisions that need every pod in one place, as a
 * single kubelet makes them today. Adding instances adds no reports: each pod is driven once.
 */
final class KubeletElection implements AutoCloseable {

    static final String GROUP = KubeletRunner.GROUP;
    private static final Logger LOG = LoggerFactory.getLogger(KubeletElection.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final String member;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile boolean elected;

    KubeletElection(KafkaSettings kafka, Topics topics, String instanceId) {
        this.topics = topics;
        this.member = "rollbook-kubelet-" + instanceId;
        this.consumer = kafka.consumer(ClientRole.ELECTION_MEMBER, member,
                Map.of("group.id", GROUP, "group.instance.id", member));
        this.thread = new Thread(this::run, "rollbook-kubelet-election");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Whether this instance's kubelet drives the pods now. */
    boolean elected() {
        return elected;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.commands()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    consumer.pause(consumer.assignment());
                    update();
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    elected = false; // before the other one is elected: never two at once on a planned move
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> lost) {
                    elected = false;
                }
            });
            while (running.get()) {
                consumer.poll(POLL);
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("kubelet election of {} stopped", member, e);
            }
        } catch (RuntimeException e) {
            LOG.error("kubelet election of {} stopped; this instance's kubelet drives no pods", member, e);
        } finally {
            elected = false;
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        }
    }

    private void update() {
        boolean now = consumer.assignment().contains(new TopicPartition(topics.commands(), 0));
        if (now != elected) {
            LOG.info("kubelet of {} {}", member, now ? "elected: it drives the pods" : "no longer elected");
        }
        elected = now;
    }

    /** Leaves the group, so another instance's kubelet is elected at once. */
    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
