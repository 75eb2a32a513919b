package io.rollbook.engine.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.PodTemplateSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** SetDefaults_PodSpec, _Container, _ContainerPort, _Probe, _Volume: what the API server stores for a template. */
class PodTemplateDefaultsTest {

    private static PodTemplateSpec template(String json) throws Exception {
        return Codec.json().readValue(json.replace('\'', '"'), PodTemplateSpec.class);
    }

    @Test
    void theSeedTemplateGetsWhatTheApiServerAdds() throws Exception {
        PodTemplateSpec seed = template("{'metadata':{'labels':{'app':'nginx'}},'spec':{'containers':"
                + "[{'name':'nginx','image':'nginx:1.14.2','ports':[{'containerPort':80}]}]}}");
        // the template kubectl's undo sends back from a real cluster (KUBECTL-WIRE, rollout undo), minus resources: {}
        assertThat(Codec.toTree(PodTemplateDefaults.apply(seed))).isEqualTo(tree("{'metadata':{'labels':{'app':'nginx'}},'spec':"
                + "{'containers':[{'name':'nginx','image':'nginx:1.14.2','ports':[{'containerPort':80,'protocol':'TCP'}],"
                + "'imagePullPolicy':'IfNotPresent','terminationMessagePath':'/dev/termination-log',"
                + "'terminationMessagePolicy':'File'}],'dnsPolicy':'ClusterFirst','restartPolicy':'Always',"
                + "'securityContext':{},'terminationGracePeriodSeconds':30,'schedulerName':'default-scheduler'}}"));
    }

    private static JsonNode tree(String json) throws Exception {
        return Codec.json().readTree(json.replace('\'', '"'));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "nginx, Always",                           // no tag: latest
        "nginx:latest, Always",
        "nginx:1.14.2, IfNotPresent",
        "localhost:5000/nginx, Always",            // the registry's port is not a tag
        "localhost:5000/nginx:1.0, IfNotPresent",
        "nginx@sha256:0123abcd, IfNotPresent",     // a digest alone: no tag
        "nginx:latest@sha256:0123abcd, Always",
    })
    void imagePullPolicyFollowsTheTag(String image, String policy) throws Exception {
        PodTemplateSpec t = template("{'spec':{'containers':[{'name':'c','image':'" + image + "'}]}}");
        assertThat(PodTemplateDefaults.apply(t).spec().containers().get(0).fields().get("imagePullPolicy"))
                .isEqualTo(policy);
    }

    @Test
    void whatTheUserWroteIsKeptAndTwiceIsOnce() throws Exception {
        PodTemplateSpec t = template("{'spec':{'restartPolicy':'Never','terminationGracePeriodSeconds':0,"
                + "'containers':[{'name':'c','image':'c:latest','imagePullPolicy':'Never','ports':[{'containerPort':53,"
                + "'protocol':'UDP'}],'readinessProbe':{'httpGet':{'port':80},'periodSeconds':2}}],"
                + "'volumes':[{'name':'cache'},{'name':'cfg','configMap':{'name':'cfg'}}]}}");
        PodTemplateSpec once = PodTemplateDefaults.apply(t);
        assertThat(PodTemplateDefaults.apply(once)).isSameAs(once);
        JsonNode spec = Codec.toTree(once).path("spec");
        assertThat(spec.path("restartPolicy").asText()).isEqualTo("Never");
        assertThat(spec.path("terminationGracePeriodSeconds").asInt(-1)).isZero();
        JsonNode c = spec.path("containers").path(0);
        assertThat(c.path("imagePullPolicy").asText()).isEqualTo("Never");
        assertThat(c.path("ports").path(0).path("protocol").asText()).isEqualTo("UDP");
        assertThat(c.path("readinessProbe")).isEqualTo(tree("{'httpGet':{'port':80,'path':'/','scheme':'HTTP'},"
                + "'periodSeconds':2,'timeoutSeconds':1,'successThreshold':1,'failureThreshold':3}"));
        assertThat(spec.path("volumes")).isEqualTo(tree("[{'name':'cache','emptyDir':{}},"
                + "{'name':'cfg','configMap':{'name':'cfg','defaultMode':420}}]"));
    }

    @Test
    void aTemplateWrittenWithoutDefaultsIsEquivalentToTheDefaultedOne() throws Exception {
        PodTemplateSpec old = template("{'spec':{'containers':[{'name':'c','image':'c:1','ports':[{'containerPort':80}]}]}}");
        PodTemplateSpec goShaped = template("{'metadata':{'creationTimestamp':null},'spec':{'containers':[{'name':'c',"
                + "'image':'c:1','ports':[{'containerPort':80}],'resources':{}}]}}");
        assertThat(PodTemplateDefaults.equivalent(old, PodTemplateDefaults.apply(old))).isTrue();
        assertThat(PodTemplateDefaults.equivalent(PodTemplateDefaults.apply(goShaped), old)).isTrue();
        assertThat(PodTemplateDefaults.equivalent(old, template(
                "{'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'c:1','ports':[{'containerPort':80}]}]}}")))
                .as("a value other than the default is a change").isFalse();
    }
}
