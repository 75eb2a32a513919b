package io.rollbook.infra.crash;

import io.rollbook.infra.app.Rollbook;
import io.rollbook.infra.kafka.EngineListener;
import io.rollbook.infra.kafka.Topics;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * One Rollbook instance in its own JVM, as {@code rollbook up --bootstrap-servers B --instance-id ID
 * --http-port P} runs it (engine, the elected kubelet stand-in with the crash test's fast stages,
 * projections, HTTP), for the cluster test of the default build, which runs before the CLI exists.
 * Like {@code up}, it exits with status 1 when one of its services dies.
 *
 * <p>Arguments: bootstrap servers, topic prefix, instance id, HTTP port, partitions, then Kafka
 * client settings as {@code key=value}.
 */
public final class InstanceMain {

    private InstanceMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: InstanceMain BOOTSTRAP PREFIX INSTANCE_ID HTTP_PORT PARTITIONS [KEY=VALUE...]");
            System.exit(2);
        }
        Map<String, String> client = new HashMap<>();
        for (int i = 5; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            client.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Rollbook rollbook = Rollbook.start(Rollbook.Options.builder().bootstrapServers(args[0])
                .kafkaClientProperties(client).topics(Topics.withPrefix(args[1]), Integer.parseInt(args[4]))
                .instanceId(args[2]).stages(CrashTest.STAGES).http("127.0.0.1", Integer.parseInt(args[3])).build(),
                Clock.systemUTC(), EngineListener.NONE);
        Runtime.getRuntime().addShutdownHook(new Thread(rollbook::close, "instance-shutdown"));
        System.out.println("instance " + args[2] + " running on " + args[0] + ", HTTP " + rollbook.httpUrl("127.0.0.1"));
        System.out.flush();
        String death = rollbook.firstDeath().get();
        System.err.println("error: " + death);
        System.exit(1);
    }
}
