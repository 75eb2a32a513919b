package io.rollbook.infra.bench;

import io.rollbook.infra.kafka.ClientRole;
import io.rollbook.infra.kafka.ReadToEnd;
import io.rollbook.api.event.Events;
import io.rollbook.infra.kafka.Topics;
import io.rollbook.infra.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;


/** The raw-Kafka baselines: what the engine's own Kafka clients could do with nothing else to do. */
final class RawKafka {

    /** Records per transaction in the produce baseline when the engine phase did not run to measure its own. */
    static final int RECORDS_PER_TRANSACTION = 500;

    private RawKafka() {
    }

    /**
     * rawTxProduceRps: {@code records} records, cycling through real engine event records (same keys,
     * so the same partitions; same sizes and compressibility), sent by a transactional producer with
     * the engine's settings, committing every {@code Sample.recordsPerTransaction()} records: as many
     * as the engine wrote per transaction on average (a transaction's fixed cost is amortised over
     * its records, so a baseline with smaller transactions would flatter the engine).
     *
     * @return records per second, from the first begin to the last commit
     */
    static double produce(KafkaSettings kafka, String topic, EnginePhase.Sample sample, int records) {
        try (KafkaProducer<String, byte[]> producer = kafka.transactionalProducer("bench-raw-producer")) {
            producer.initTransactions();
            int n = sample.values().size();
            long started = System.nanoTime();
            int perTransaction = sample.recordsPerTransaction();
            for (int i = 0; i < records; i += perTransaction) {
                producer.beginTransaction();
                for (int j = i; j < Math.min(records, i + perTransaction); j++) {
                    producer.send(new ProducerRecord<>(topic, sample.keys().get(j % n), sample.values().get(j % n)));
                }
                producer.commitTransaction();
            }
            return records / ((System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * rawConsumeRps: every committed record of {@code topics.events()} read with the projections'
     * consumer settings (read_committed, 5,000 a poll) and decoded with {@link Events#decode}.
     *
     * @return {records, seconds}
     */
    static double[] consume(KafkaSettings kafka, Topics topics) {
        long count = 0;
        long started = System.nanoTime();
        long[] checksum = {0};
        try (KafkaConsumer<String, byte[]> c = kafka.consumer(ClientRole.COMMITTED_READER, "bench-raw-consumer")) {
            count = ReadToEnd.fromBeginning(c, ReadToEnd.partitionsOf(c, topics.events()),
                    r -> checksum[0] += Events.decode(r.value()).sequence());
            if (checksum[0] < 0) {
                throw new IllegalStateException("impossible checksum"); // keeps the decode from being optimised away
            }
        }
        return new double[] {count, (System.nanoTime() - started) / 1e9};
    }
}
