package io.rollbook.infra.cli;

import io.rollbook.infra.kafka.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code rollbook broker}: only the embedded Kafka broker (KRaft, one node), in this process, until
 * stopped. What the crash test runs as its own process, so that killing the engine leaves Kafka up.
 */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run only the embedded Kafka broker until stopped.")
public final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "rollbook-data",
            description = "Where the broker keeps its log (default: ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "PLAINTEXT port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int kafkaPort;

    @Override
    public Integer call() throws InterruptedException {
        if (kafkaPort < 0 || kafkaPort > 65_535) {
            throw new IllegalArgumentException("--kafka-port must be 0..65535, was " + kafkaPort);
        }
        EmbeddedKafka broker = EmbeddedKafka.start(dataDir, kafkaPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("rollbook broker: Kafka at " + broker.bootstrapServers() + " (data in " + dataDir + ")");
        out.flush();
        stopped.await();
        return 0;
    }
}
