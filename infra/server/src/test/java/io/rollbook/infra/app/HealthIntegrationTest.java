package io.rollbook.infra.app;

import io.rollbook.api.command.CommandEnvelope;
import io.rollbook.api.command.Pause;
import io.rollbook.api.value.ObjectRef;
import io.rollbook.engine.kubelet.Stages;
import io.rollbook.infra.kafka.CommandClient;
import io.rollbook.infra.kafka.EngineListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probes of {@code up} against a running engine: ready once its loop runs, and red on the very
 * next request once the loop's thread has been killed, saying which loop died and why, with no
 * probe interval in between (each request looks at the threads as they are).
 */
class HealthIntegrationTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aKilledLoopThreadTurnsHealthzRedOnTheNextRequestAndReadyzSaysWhy() throws Exception {
        AtomicBoolean kill = new AtomicBoolean();
        EngineListener killer = new EngineListener() {
            @Override
            public void transactionCommitted(int commands, int records) {
                if (kill.get()) {
                    throw new ThreadDeath(); // what Thread.stop throws in the loop's thread
                }
            }
        };
        try (Rollbook up = Rollbook.start(Rollbook.Options.builder().embeddedBroker(dir.resolve("data"), 0)
                .instanceId("health-test").stages(Stages.instant()).noKubelet().http("127.0.0.1", 0).build(),
                Clock.systemUTC(), killer)) {
            String url = up.httpUrl("127.0.0.1");
            await().atMost(Duration.ofSeconds(90)).until(() -> get(url + "/readyz").statusCode() == 200);
            HttpResponse<String> ready = get(url + "/readyz");
            assertThat(ready.body()).contains("[+]engine ok", "readyz check passed");
            assertThat(get(url + "/healthz").statusCode()).isEqualTo(200);

            kill.set(true);
            try (CommandClient client = new CommandClient(up.kafka(), io.rollbook.infra.kafka.Topics.defaults(), "t")) {
                client.sendOnly(CommandEnvelope.of("kill-1", ObjectRef.deployment("default", "nope"), Instant.now(),
                        "tester", null, new Pause()));
            }
            Thread loop = thread("rollbook-engine");
            loop.join(TimeUnit.SECONDS.toMillis(90));
            assertThat(loop.isAlive()).isFalse();

            HttpResponse<String> health = get(url + "/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("[-]engine failed: dead since ", ": ThreadDeath", "healthz check failed");
            HttpResponse<String> readiness = get(url + "/readyz");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("[-]engine failed: dead since ", ": ThreadDeath");
            assertThat(up.firstDeath()).isCompletedWithValueMatching(why -> why.equals("engine stopped: java.lang.ThreadDeath"));
        }
    }

    static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name));
    }
}
