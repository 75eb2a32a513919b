package io.rollbook.infra.crash;

import io.rollbook.infra.kafka.EmbeddedKafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded Kafka broker alone in its own JVM, until SIGTERM: the crash test's broker, so that
 * killing the engine leaves Kafka up. The tools' own main, so that they need nothing of the CLI.
 *
 * <p>Arguments: data directory, port.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: BrokerMain DATA_DIR PORT");
            System.exit(1);
        }
        EmbeddedKafka broker = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("broker: Kafka at " + broker.bootstrapServers() + " (data in " + args[0] + ")");
        System.out.flush();
        stopped.await();
    }
}
