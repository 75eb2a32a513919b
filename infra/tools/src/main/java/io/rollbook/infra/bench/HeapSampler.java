package io.rollbook.infra.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap of this JVM (engine, kubelet, broker and harness together) while a phase runs: the most
 * used at any 100 ms sample, and the most still used right after a garbage collection (closer to
 * what is really kept alive).
 */
final class HeapSampler implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong maxUsed = new AtomicLong();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong lastAfterGc = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private final Thread thread;

    HeapSampler() {
        NotificationListener listener = this::onGc;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException e) {
                        // already gone
                    }
                });
            }
        }
        thread = new Thread(this::sample, "bench-heap");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running.get()) {
            maxUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long after = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                .filter(u -> u != null).mapToLong(MemoryUsage::getUsed).sum();
        // Young collections of G1 count too: their "after" includes the old generation as it stands.
        lastAfterGc.set(after);
        maxAfterGc.accumulateAndGet(after, Math::max);
    }

    double maxUsedMb() {
        return Math.max(maxUsed.get(), memory.getHeapMemoryUsage().getUsed()) / 1048576.0;
    }

    double maxAfterGcMb() {
        return maxAfterGc.get() / 1048576.0;
    }

    /** The share of the maximum heap still used after the last collection (0 before any). */
    double afterGcShare() {
        long max = memory.getHeapMemoryUsage().getMax();
        return max <= 0 ? 0 : lastAfterGc.get() / (double) max;
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
        unsubscribe.forEach(Runnable::run);
    }
}
