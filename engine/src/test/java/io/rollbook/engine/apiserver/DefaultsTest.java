package io.rollbook.engine.apiserver;

import io.rollbook.api.manifest.Container;
import io.rollbook.api.manifest.Deployment;
import io.rollbook.api.manifest.DeploymentSpec;
import io.rollbook.api.manifest.DeploymentStrategy;
import io.rollbook.api.manifest.LabelSelector;
import io.rollbook.api.manifest.ObjectMeta;
import io.rollbook.api.manifest.PodSpec;
import io.rollbook.api.manifest.PodTemplateSpec;
import io.rollbook.api.manifest.ReplicaSet;
import io.rollbook.api.manifest.ReplicaSetSpec;
import io.rollbook.api.manifest.RollingUpdateDeployment;
import io.rollbook.api.value.IntOrPercent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DefaultsTest {

    private static final IntOrPercent P25 = IntOrPercent.ofString("25%");

    private static final PodTemplateSpec TEMPLATE = new PodTemplateSpec(
            ObjectMeta.named(null, null).withLabels(Map.of("app", "nginx")),
            PodSpec.of(Container.of("nginx", "nginx:1.14.2")));

    /** A Deployment with only what a user must write; everything else unset. */
    private static Deployment bare(UnaryOperator<DeploymentSpec> change) {
        DeploymentSpec spec = DeploymentSpec.EMPTY.withSelector(LabelSelector.matching(Map.of("app", "nginx")))
                .withTemplate(TEMPLATE);
        return Deployment.of(ObjectMeta.named(null, "nginx"), change.apply(spec));
    }

    private static DeploymentStrategy strategy(String type, IntOrPercent maxUnavailable, IntOrPercent maxSurge) {
        return new DeploymentStrategy(type, new RollingUpdateDeployment(maxUnavailable, maxSurge));
    }

    static Stream<Arguments> deploymentDefaults() {
        Function<Deployment, Object> replicas = d -> d.spec().replicas();
        Function<Deployment, Object> type = d -> d.spec().strategy().type();
        Function<Deployment, Object> block = d -> d.spec().strategy().rollingUpdate();
        Function<Deployment, Object> unavailable = d -> d.spec().strategy().rollingUpdate().maxUnavailable();
        Function<Deployment, Object> surge = d -> d.spec().strategy().rollingUpdate().maxSurge();
        Function<Deployment, Object> history = d -> d.spec().revisionHistoryLimit();
        Function<Deployment, Object> deadline = d -> d.spec().progressDeadlineSeconds();
        Function<Deployment, Object> minReady = d -> d.spec().minReadySeconds();
        Function<Deployment, Object> paused = d -> d.spec().paused();
        Function<Deployment, Object> namespace = d -> d.metadata().namespace();
        Function<Deployment, Object> template = d -> d.spec().template();
        UnaryOperator<DeploymentSpec> none = s -> s;
        return Stream.of(
                arguments("replicas unset", none, replicas, 1),
                arguments("replicas 0 kept", op(s -> s.withReplicas(0)), replicas, 0), // 0 is a value, not unset
                arguments("replicas -1 kept", op(s -> s.withReplicas(-1)), replicas, -1), // validation rejects it
                arguments("strategy unset", none, type, "RollingUpdate"),
                arguments("strategy type empty", op(s -> s.withStrategy(new DeploymentStrategy("", null))), type,
                        "RollingUpdate"),
                arguments("no block: maxUnavailable 25%", none, unavailable, P25),
                arguments("no block: maxSurge 25%", none, surge, P25),
                arguments("only maxSurge set: maxUnavailable 25%", op(s -> s.withStrategy(strategy("RollingUpdate",
                        null, IntOrPercent.ofInt(1)))), unavailable, P25),
                arguments("only maxSurge set: kept", op(s -> s.withStrategy(strategy("RollingUpdate", null,
                        IntOrPercent.ofInt(1)))), surge, IntOrPercent.ofInt(1)),
                arguments("maxUnavailable 0 kept", op(s -> s.withStrategy(strategy("RollingUpdate",
                        IntOrPercent.ofInt(0), null))), unavailable,
                        IntOrPercent.ofInt(0)),
                arguments("invalid maxSurge kept", op(s -> s.withStrategy(strategy("RollingUpdate", null,
                        IntOrPercent.ofString("abc")))), surge,
                        IntOrPercent.ofString("abc")),
                arguments("Recreate gets no block", op(s -> s.withStrategy(new DeploymentStrategy("Recreate", null))),
                        block, null),
                // a block under Recreate is kept so that validation can reject it
                arguments("Recreate keeps a written block", op(s -> s.withStrategy(strategy("Recreate", null, null))),
                        block, new RollingUpdateDeployment(null, null)),
                arguments("unknown type gets no block", op(s -> s.withStrategy(new DeploymentStrategy("Foo", null))),
                        block, null),
                arguments("revisionHistoryLimit unset", none, history, 10),
                arguments("revisionHistoryLimit 0 kept", op(s -> s.withRevisionHistoryLimit(0)), history, 0),
                arguments("progressDeadlineSeconds unset", none, deadline, 600),
                arguments("progressDeadlineSeconds MaxInt32 kept", op(s -> s.withProgressDeadlineSeconds(
                        Integer.MAX_VALUE)), deadline, Integer.MAX_VALUE),
                arguments("minReadySeconds unset", none, minReady, 0),
                arguments("minReadySeconds 5 kept", op(s -> s.withMinReadySeconds(5)), minReady, 5),
                arguments("paused unset stays unset", none, paused, null),
                arguments("paused true kept", op(s -> s.withPaused(true)), paused, true),
                arguments("namespace unset", none, namespace, "default"),
                arguments("template untouched", none, template, TEMPLATE));
    }

    private static UnaryOperator<DeploymentSpec> op(UnaryOperator<DeploymentSpec> change) {
        return change;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void deploymentDefaults(String name, UnaryOperator<DeploymentSpec> given, Function<Deployment, Object> field,
                            Object expected) {
        assertThat(field.apply(Defaults.apply(bare(given)))).isEqualTo(expected);
    }

    static Stream<Arguments> namespaces() {
        return Stream.of(
                arguments(null, "default"),
                arguments("", "default"), // an empty namespace is unset in Go (omitempty)
                arguments("prod", "prod"),
                arguments("Not_Valid", "Not_Valid")); // kept; validation reports it
    }

    @ParameterizedTest(name = "namespace {0} -> {1}")
    @MethodSource
    void namespaces(String given, String expected) {
        Deployment d = bare(s -> s).withMetadata(ObjectMeta.named(given, "nginx"));
        ReplicaSet rs = ReplicaSet.of(ObjectMeta.named(given, "nginx-abc"), new ReplicaSetSpec(null, null, null, null));
        assertThat(Defaults.apply(d).metadata().namespace()).isEqualTo(expected);
        assertThat(Defaults.apply(rs).metadata().namespace()).isEqualTo(expected);
    }

    static Stream<Arguments> replicaSetDefaults() {
        return Stream.of(
                arguments(null, null, 1, 0),
                arguments(0, null, 0, 0), // scaled to zero, not unset
                arguments(3, 7, 3, 7));
    }

    @ParameterizedTest(name = "replicas {0}, minReadySeconds {1} -> {2}, {3}")
    @MethodSource
    void replicaSetDefaults(Integer replicas, Integer minReady, int expReplicas, int expMinReady) {
        ReplicaSet rs = ReplicaSet.of(ObjectMeta.named("default", "nginx-abc"),
                new ReplicaSetSpec(replicas, minReady, LabelSelector.matching(Map.of("app", "nginx")), TEMPLATE));
        ReplicaSet defaulted = Defaults.apply(rs);
        assertThat(defaulted.spec().replicas()).isEqualTo(expReplicas);
        assertThat(defaulted.spec().minReadySeconds()).isEqualTo(expMinReady);
        assertThat(defaulted.spec().template()).isEqualTo(TEMPLATE);
        assertThat(defaulted.spec().selector()).isEqualTo(rs.spec().selector());
    }

    @Test
    void applyingTwiceChangesNothing() {
        Deployment once = Defaults.apply(bare(s -> s.withStrategy(strategy("RollingUpdate", null, IntOrPercent.ofInt(2)))));
        assertThat(Defaults.apply(once)).isEqualTo(once);
        assertThat(Defaults.apply(once)).isSameAs(once); // nothing to fill: not even copied
    }

    @Test
    void recreateKeepsItsStrategyAndAnEmptyTypeBecomesRollingUpdate() {
        Deployment recreate = Defaults.apply(bare(s -> s.withStrategy(new DeploymentStrategy("Recreate", null))));
        Deployment emptyType = Defaults.apply(bare(s -> s.withStrategy(new DeploymentStrategy("", null))));

        assertThat(recreate.spec().strategy()).isEqualTo(new DeploymentStrategy("Recreate", null));
        assertThat(emptyType.spec().strategy()).isEqualTo(new DeploymentStrategy("RollingUpdate",
                new RollingUpdateDeployment(P25, P25)));
    }

    @Test
    void fullySetDeploymentIsReturnedUnchanged() {
        Deployment d = bare(s -> s.withReplicas(4).withStrategy(strategy("RollingUpdate", IntOrPercent.ofInt(0),
                        IntOrPercent.ofString("50%"))).withMinReadySeconds(3).withRevisionHistoryLimit(2)
                .withProgressDeadlineSeconds(30).withPaused(false))
                .withMetadata(ObjectMeta.named("prod", "nginx"));
        assertThat(Defaults.apply(d)).isEqualTo(d);
    }
}
