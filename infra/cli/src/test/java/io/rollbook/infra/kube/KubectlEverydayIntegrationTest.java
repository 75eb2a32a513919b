package io.rollbook.infra.kube;

import io.rollbook.infra.kube.KubectlHarness.Run;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * kubectl's everyday verbs beyond the seed walkthrough, each with the real binary against {@code up}
 * and kubectl's own output checked; the official Python client where it is installed. Skipped
 * without kubectl.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlEverydayIntegrationTest extends KubectlSuite {


    /** Defect: kubectl's undo sent the old template back with resources: {} and a third ReplicaSet appeared. */
    @Test
    @Order(1)
    void rolloutUndoGoesBackToTheOldReplicaSet() throws Exception {
        ok("apply", "-f", example("nginx-deployment.yaml"));
        ok("rollout", "status", "deployment/nginx-deployment", "--timeout=60s");
        ok("set", "image", "deployment/nginx-deployment", "nginx=nginx:1.16.1");
        ok("rollout", "status", "deployment/nginx-deployment", "--timeout=60s");
        List<String> before = ok("get", "rs", "-o", "name").out().lines().sorted().toList();
        assertThat(before).hasSize(2);
        assertThat(ok("rollout", "undo", "deployment/nginx-deployment").out())
                .isEqualTo("deployment.apps/nginx-deployment rolled back\n");
        ok("rollout", "status", "deployment/nginx-deployment", "--timeout=60s");
        assertThat(ok("get", "rs", "-o", "name").out().lines().sorted().toList()).isEqualTo(before);
        assertThat(ok("rollout", "history", "deployment/nginx-deployment").out())
                .isEqualTo("deployment.apps/nginx-deployment \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n");
        assertThat(ok("get", "deploy", "nginx-deployment", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
                .out()).isEqualTo("nginx:1.14.2");
    }

    @Test
    @Order(2)
    void describeShowsTheApiServersDefaultsAndTheEvents() throws Exception {
        String out = ok("describe", "deployment", "nginx-deployment").out();
        assertThat(out).contains("Port:          80/TCP", "Events:", "ScalingReplicaSet", "deployment-controller");
        assertThat(ok("get", "deploy", "nginx-deployment", "-o",
                "jsonpath={.spec.template.spec.containers[0].terminationMessagePath} "
                        + "{.spec.template.spec.restartPolicy} {.spec.template.spec.dnsPolicy}").out())
                .isEqualTo("/dev/termination-log Always ClusterFirst");
        assertThat(ok("get", "events").out()).contains("LAST SEEN", "ScalingReplicaSet", "deployment/nginx-deployment");
        assertThat(ok("events", "--for", "deployment/nginx-deployment").out()).contains("ScalingReplicaSet",
                "Scaled up replica set nginx-deployment-");
    }

    /** kubectl create deployment is the one verb whose body is protobuf (the typed clientset). */
    @Test
    @Order(3)
    void createDeploymentSendsProtobuf() throws Exception {
        assertThat(ok("create", "deployment", "other", "--image=nginx:1.25.0", "--replicas=2", "--port=8080").out())
                .isEqualTo("deployment.apps/other created\n");
        assertThat(ok("wait", "--for=condition=Available", "deployment/other", "--timeout=60s").out())
                .isEqualTo("deployment.apps/other condition met\n");
        assertThat(ok("get", "deploy", "other", "-o", "custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec"
                + ".containers[0].image,PORT:.spec.template.spec.containers[0].ports[0].containerPort,"
                + "PROTOCOL:.spec.template.spec.containers[0].ports[0].protocol").out())
                .isEqualTo("NAME    IMAGE          PORT   PROTOCOL\nother   nginx:1.25.0   8080   TCP\n");
        Run again = fails("create", "deployment", "other", "--image=nginx:1.25.0");
        assertThat(again.err()).contains("deployments.apps \"other\" already exists");
    }

    @Test
    @Order(4)
    void rolloutStatusForSeveralObjectsAndBySelector() throws Exception {
        assertThat(ok("rollout", "status", "deployment/nginx-deployment", "deployment/other", "--timeout=60s").out())
                .contains("deployment \"nginx-deployment\" successfully rolled out",
                        "deployment \"other\" successfully rolled out");
        assertThat(ok("rollout", "status", "deployment", "-l", "app=other", "--timeout=60s").out())
                .isEqualTo("deployment \"other\" successfully rolled out\n");
        assertThat(ok("get", "deploy", "-o", "name").out())
                .isEqualTo("deployment.apps/nginx-deployment\ndeployment.apps/other\n");
        assertThat(ok("get", "deploy", "-l", "app=other", "-o", "jsonpath={.items[*].metadata.name}").out())
                .isEqualTo("other");
    }

    @Test
    @Order(5)
    void labelAnnotateAndTheThreePatchTypes() throws Exception {
        assertThat(ok("label", "deployment", "other", "tier=web").out()).isEqualTo("deployment.apps/other labeled\n");
        assertThat(ok("annotate", "deployment", "other", "owner=platform").out())
                .isEqualTo("deployment.apps/other annotated\n");
        assertThat(ok("patch", "deployment", "other", "-p", "{\"spec\":{\"minReadySeconds\":1}}").out())
                .isEqualTo("deployment.apps/other patched\n");
        assertThat(ok("patch", "deployment", "other", "--type=merge", "-p", "{\"spec\":{\"revisionHistoryLimit\":5}}")
                .out()).isEqualTo("deployment.apps/other patched\n");
        assertThat(ok("patch", "deployment", "other", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]").out())
                .isEqualTo("deployment.apps/other patched\n");
        assertThat(ok("get", "deploy", "other", "-o", "jsonpath={.metadata.labels.tier} {.metadata.annotations.owner} "
                + "{.spec.minReadySeconds} {.spec.revisionHistoryLimit} {.spec.replicas}").out())
                .isEqualTo("web platform 1 5 3");
        assertThat(ok("label", "deployment", "other", "tier-").out()).isEqualTo("deployment.apps/other unlabeled\n");
    }

    @Test
    @Order(6)
    void editWithAnEditorScript() throws Exception {
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's/replicas: 3/replicas: 4/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Run r = k.kubectl(Duration.ofSeconds(60), List.of("KUBE_EDITOR=" + editor), "edit", "deployment/other");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("deployment.apps/other edited\n");
        assertThat(ok("get", "deploy", "other", "-o", "jsonpath={.spec.replicas}").out()).isEqualTo("4");
    }

    /** What cannot mean anything for simulated pods says so, and kubectl exits 1. */
    @Test
    @Order(7)
    void logsExecAndTopSayWhyTheyCannotWork() throws Exception {
        String pod = ok("get", "pods", "-l", "app=other", "-o", "jsonpath={.items[0].metadata.name}").out();
        assertThat(fails("logs", pod).err()).contains("no log to read", "simulated");
        assertThat(fails("exec", pod, "--", "ls").err()).contains("nothing to run a command in", "simulated");
        assertThat(fails("top", "pod").err()).contains("Metrics API not available");
    }

    /** Defect: watch=True (the Python client's spelling) was answered with a list. */
    @Test
    @Order(8)
    void everyBooleanSpellingOfGoIsAWatch() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String flag : List.of("True", "1", "t", "TRUE")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(k.url()
                    + "/apis/apps/v1/namespaces/default/deployments?watch=" + flag + "&timeoutSeconds=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as("watch=%s", flag).startsWith("{\"type\":\"ADDED\"");
        }
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(k.url()
                + "/apis/apps/v1/namespaces/default/deployments?watch=yes")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("strconv.ParseBool: parsing \\\"yes\\\": invalid syntax");
    }

    /** The official Python client (Debian's python3-kubernetes) sends watch=True; skipped where it is not installed. */
    @Test
    @Order(9)
    void thePythonClientWatches() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import kubernetes").start();
        assumeTrue(probe.waitFor() == 0, "no python3-kubernetes");
        String script = String.join("\n",
                "import sys",
                "from kubernetes import client, watch",
                "c = client.Configuration(); c.host = sys.argv[1]",
                "apps = client.AppsV1Api(client.ApiClient(c))",
                "print('list', ','.join(sorted(d.metadata.name for d in apps.list_namespaced_deployment('default').items)))",
                "for e in watch.Watch().stream(apps.list_namespaced_deployment, 'default', timeout_seconds=2):",
                "    print(e['type'], e['object'].metadata.name)",
                "");
        Path file = dir.resolve("watch.py");
        Files.writeString(file, script);
        Process p = new ProcessBuilder(python.toString(), file.toString(), k.url()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("list nginx-deployment,other", "ADDED nginx-deployment", "ADDED other");
    }

    /** kubectl asks for aggregated discovery first; answered, a cold cache needs no group-version documents. */
    @Test
    @Order(10)
    void aggregatedDiscoveryServesEveryResource() throws Exception {
        Run r = k.kubectl(Duration.ofSeconds(60), List.of(), "api-resources", "--cache-dir=" + dir.resolve("cold"),
                "-v=6");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("deployments", "deploy", "apps/v1", "replicasets", "rs", "pods", "po", "events");
        assertThat(r.err()).contains("/apis?timeout").doesNotContain("/apis/apps/v1?timeout");
    }

    /** The seed's promise that a ReplicaSet heals itself: a deleted pod is replaced, and a watch shows both. */
    @Test
    @Order(11)
    void deletePodIsReplacedByItsReplicaSetAndTheWatchShowsIt() throws Exception {
        ok("rollout", "status", "deployment/nginx-deployment", "--timeout=60s");
        List<String> before = ok("get", "pods", "-l", "app=nginx", "-o", "name").out().lines().sorted().toList();
        assertThat(before).hasSize(3);
        String victim = before.get(0).substring("pod/".length());
        String watched;
        try (KubectlHarness.Running watch = k.start("get", "pods", "-l", "app=nginx", "-w")) {
            // the watch has listed the three pods before the delete, so what follows is its events
            watch.awaitOut(Duration.ofSeconds(30), out -> out.lines().filter(l -> !l.startsWith("NAME ")).count() >= 3);
            assertThat(ok("delete", "pod", victim).out()).isEqualTo("pod \"" + victim + "\" deleted\n");
            watched = watch.awaitOut(Duration.ofSeconds(60), out -> out.lines().anyMatch(l -> l.startsWith(victim + " ")
                    && l.contains("Terminating")) && out.lines().anyMatch(l -> l.contains(" Running ")
                    && before.stream().noneMatch(p -> l.startsWith(p.substring("pod/".length()) + " "))));
        }
        ok("rollout", "status", "deployment/nginx-deployment", "--timeout=60s");
        List<String> after = ok("get", "pods", "-l", "app=nginx", "-o", "name").out().lines().sorted().toList();
        assertThat(after).hasSize(3).doesNotContain("pod/" + victim);
        String replacement = after.stream().filter(p -> !before.contains(p)).findFirst().orElseThrow()
                .substring("pod/".length());
        assertThat(watched).startsWith("NAME ");
        assertThat(watched.lines().filter(l -> l.startsWith(replacement + " ")).toList()).as(watched)
                .anyMatch(l -> l.contains("Running"));
        assertThat(fails("delete", "pod", victim).err()).isEqualTo("Error from server (NotFound): pods \"" + victim
                + "\" not found\n");
    }

    /** As a kubelet does: the crashing container is restarted in the same pod, RESTARTS counts, after a 10 s back-off. */
    @Test
    @Order(12)
    void aCrashingContainerIsRestartedInPlace() throws Exception {
        ok("create", "deployment", "crash", "--image=nginx:fail");
        String pod = awaitOutput(Duration.ofSeconds(10), s -> !s.isEmpty(),
                "get", "pods", "-l", "app=crash", "-o", "jsonpath={.items[*].metadata.name}");
        awaitOutput(Duration.ofSeconds(10), s -> s.equals("CrashLoopBackOff 0"), "get", "pod", pod, "-o",
                "jsonpath={.status.containerStatuses[0].state.waiting.reason} {.status.containerStatuses[0].restartCount}");
        // restarted after the first 10 s of back-off, crashed again, now waiting 20 s
        awaitOutput(Duration.ofSeconds(30), s -> s.equals("CrashLoopBackOff 1"), "get", "pod", pod, "-o",
                "jsonpath={.status.containerStatuses[0].state.waiting.reason} {.status.containerStatuses[0].restartCount}");
        String table = ok("get", "pods", "-l", "app=crash").out();
        assertThat(table.lines().toList()).hasSize(2).element(1).asString()
                .startsWith(pod + " ").contains("   0/1     CrashLoopBackOff   1          ");
        assertThat(ok("get", "pods", "-l", "app=crash", "-o", "name").out()).isEqualTo("pod/" + pod + "\n");
        ok("delete", "deployment", "crash");
    }

    /** Polls {@code kubectl ARGS} until its output satisfies {@code done}; returns that output. */
    static String awaitOutput(Duration within, java.util.function.Predicate<String> done, String... args)
            throws Exception {
        long end = System.nanoTime() + within.toNanos();
        String out;
        do {
            out = ok(args).out();
            if (done.test(out)) {
                return out;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        throw new AssertionError("kubectl " + String.join(" ", args) + " still printed \"" + out + "\" after " + within);
    }
}
