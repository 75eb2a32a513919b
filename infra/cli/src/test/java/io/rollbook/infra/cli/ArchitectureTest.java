package io.rollbook.infra.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arrows between the modules, over the main classes of all of them (this module sees them all):
 * api ← engine, api ← projections; kafka → engine, projections; server → kafka; tools → kafka,
 * server; cli → server, tools. An arrow the other way fails here, naming the class and the
 * dependency.
 */
class ArchitectureTest {

    private static final String API = "io.rollbook.api..";
    private static final String ENGINE = "io.rollbook.engine..";
    private static final String PROJECTIONS = "io.rollbook.projections..";
    private static final String[] KAFKA = {"io.rollbook.infra.kafka..", "io.rollbook.infra.kubelet..",
            "io.rollbook.infra.projection.."};
    private static final String[] SERVER = {"io.rollbook.infra.app..", "io.rollbook.infra.auth..", "io.rollbook.infra.http..",
            "io.rollbook.infra.kube..", "io.rollbook.infra.metrics.."};
    private static final String[] TOOLS = {"io.rollbook.infra.bench..", "io.rollbook.infra.crash.."};
    private static final String CLI = "io.rollbook.infra.cli..";
    private static final String BROKER = "io.rollbook.infra.broker..";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rollbook");
    }

    @Test
    void everyModuleIsImported() {
        // A rule over an empty set of classes passes: make sure each module's classes are there.
        for (String pkg : new String[] {"io.rollbook.api.codec", "io.rollbook.engine.aggregate",
                "io.rollbook.projections.history", "io.rollbook.infra.kafka", "io.rollbook.infra.kube", "io.rollbook.infra.auth",
                "io.rollbook.infra.crash", "io.rollbook.infra.cli", "io.rollbook.infra.broker"}) {
            assertThat(main.containPackage(pkg)).as(pkg).isTrue();
        }
    }

    @Test
    void apiDependsOnTheJdkAndJacksonOnly() {
        check(classes().that().resideInAPackage(API).should().onlyDependOnClassesThat()
                .resideInAnyPackage(API, "java..", "com.fasterxml.jackson..", "org.yaml.snakeyaml.."));
    }

    @Test
    void engineDependsOnApiAndAxonOnly() {
        // Jackson comes with api's types (and the template hash's canonical JSON), never Kafka or HTTP.
        check(classes().that().resideInAPackage(ENGINE).should().onlyDependOnClassesThat()
                .resideInAnyPackage(ENGINE, API, "java..", "org.axonframework..", "com.fasterxml.jackson.."));
    }

    @Test
    void theEnginesPartsPointOneWay() {
        // verbs → controllers → deployment → deployment.util; verbs reach deployment only through the loop
        check(noClasses().that().resideInAPackage("io.rollbook.engine.network..").should().dependOnClassesThat()
                .resideInAnyPackage("io.rollbook.engine.deployment..", "io.rollbook.engine.verbs..",
                        "io.rollbook.engine.controllers..", "io.rollbook.engine.apiserver.."));
        check(noClasses().that().resideInAPackage("io.rollbook.engine.verbs..").should().dependOnClassesThat()
                .resideInAPackage("io.rollbook.engine.deployment").allowEmptyShould(true));
        check(noClasses().that().resideInAPackage("io.rollbook.engine.deployment..").should().dependOnClassesThat()
                .resideInAnyPackage("io.rollbook.engine.verbs..", "io.rollbook.engine.controllers..",
                        "io.rollbook.engine.aggregate.."));
        check(noClasses().that().resideInAPackage("io.rollbook.engine.deployment.util..").should()
                .dependOnClassesThat().resideInAPackage("io.rollbook.engine.deployment"));
        check(noClasses().that().resideInAnyPackage("io.rollbook.engine.controllers..", "io.rollbook.engine.apiserver..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rollbook.engine.verbs..",
                        "io.rollbook.engine.aggregate.."));
    }

    @Test
    void projectionsNeverUseTheEngine() {
        check(noClasses().that().resideInAPackage(PROJECTIONS).should().dependOnClassesThat()
                .resideInAnyPackage(ENGINE, "io.rollbook.infra..", "org.axonframework..", "org.apache.kafka.."));
    }

    @Test
    void kafkaNeverUsesTheServerTheToolsOrTheCli() {
        check(noClasses().that().resideInAnyPackage(KAFKA).should().dependOnClassesThat()
                .resideInAnyPackage(concat(SERVER, TOOLS, CLI)));
    }

    @Test
    void serverNeverUsesTheToolsOrTheCli() {
        check(noClasses().that().resideInAnyPackage(SERVER).should().dependOnClassesThat()
                .resideInAnyPackage(concat(TOOLS, CLI)));
    }

    @Test
    void authenticationStandsBeforeTheRoutesAndKnowsNoneOfThem() {
        check(noClasses().that().resideInAPackage("io.rollbook.infra.auth..").should().dependOnClassesThat()
                .resideInAnyPackage("io.rollbook.infra.app..", "io.rollbook.infra.http..", "io.rollbook.infra.kube..",
                        "io.rollbook.infra.metrics.."));
    }

    @Test
    void toolsNeverUseTheCli() {
        check(noClasses().that().resideInAnyPackage(TOOLS).should().dependOnClassesThat().resideInAPackage(CLI));
    }

    @Test
    void theBrokerIsReachedOnlyThroughEmbeddedKafka() {
        // Its jars are not on rollbook.jar's classpath: a direct reference would fail at run time.
        check(noClasses().that().resideOutsideOfPackage(BROKER).should().dependOnClassesThat().resideInAPackage(BROKER));
        check(noClasses().that().resideInAPackage(BROKER).should().dependOnClassesThat(
                resideInAPackage("io.rollbook..").and(resideOutsideOfPackage(BROKER))));
    }

    private static void check(ArchRule rule) {
        rule.check(main);
    }

    private static String[] concat(Object... groups) {
        return java.util.Arrays.stream(groups)
                .flatMap(g -> g instanceof String[] a ? java.util.Arrays.stream(a) : java.util.stream.Stream.of((String) g))
                .toArray(String[]::new);
    }
}
