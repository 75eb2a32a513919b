package io.rollbook.api.manifest;

import io.rollbook.api.codec.Codec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Templates are equal where Go's semantic equality of the decoded structs says so, and only there. */
class SemanticTest {

    private static PodTemplateSpec template(String json) throws Exception {
        return Codec.json().readValue(json.replace('\'', '"'), PodTemplateSpec.class);
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // kubectl's undo sends the template back as Go serialises it
        "{'spec':{'containers':[{'name':'a','image':'x','resources':{}}]}} | {'spec':{'containers':[{'name':'a','image':'x'}]}} | true",
        "{'metadata':{'creationTimestamp':null,'labels':{}},'spec':{'containers':[{'name':'a','image':'x'}]}} | {'spec':{'containers':[{'name':'a','image':'x'}]}} | true",
        "{'spec':{'containers':[{'name':'a','image':'x','resources':{'limits':{}}}]}} | {'spec':{'containers':[{'name':'a','image':'x'}]}} | true",
        "{'spec':{'containers':[{'name':'a','image':'x','env':[]}],'nodeSelector':{}}} | {'spec':{'containers':[{'name':'a','image':'x'}]}} | true",
        "{'spec':{'containers':[{'name':'a','image':'x','imagePullPolicy':''}]}} | {'spec':{'containers':[{'name':'a','image':'x'}]}} | true",
        // plain Go bools and ints: false and 0 are the zero value
        "{'spec':{'hostNetwork':false,'containers':[{'name':'a','image':'x','tty':false}]}} | {'spec':{'containers':[{'name':'a','image':'x'}]}} | true",
        "{'spec':{'containers':[{'name':'a','image':'x','ports':[{'containerPort':80,'hostPort':0}]}]}} | {'spec':{'containers':[{'name':'a','image':'x','ports':[{'containerPort':80}]}]}} | true",
        "{'spec':{'terminationGracePeriodSeconds':30.0,'containers':[{'name':'a','image':'x'}]}} | {'spec':{'terminationGracePeriodSeconds':30,'containers':[{'name':'a','image':'x'}]}} | true",
        // pointers in Go: an empty struct or a false is not nil
        "{'spec':{'securityContext':{},'containers':[{'name':'a','image':'x'}]}} | {'spec':{'containers':[{'name':'a','image':'x'}]}} | false",
        "{'spec':{'containers':[{'name':'a','image':'x'}],'volumes':[{'name':'v','emptyDir':{}}]}} | {'spec':{'containers':[{'name':'a','image':'x'}],'volumes':[{'name':'v'}]}} | false",
        "{'spec':{'automountServiceAccountToken':false,'containers':[{'name':'a','image':'x'}]}} | {'spec':{'containers':[{'name':'a','image':'x'}]}} | false",
        "{'spec':{'containers':[{'name':'a','image':'x','ports':[{'containerPort':80,'protocol':'TCP'}]}]}} | {'spec':{'containers':[{'name':'a','image':'x','ports':[{'containerPort':80}]}]}} | false",
        "{'spec':{'containers':[{'name':'a','image':'x'}]}} | {'spec':{'containers':[{'name':'a','image':'y'}]}} | false",
    })
    void equalAsGoSeesIt(String a, String b, boolean equal) throws Exception {
        assertThat(Semantic.equal(template(a), template(b))).isEqualTo(equal);
        assertThat(Semantic.equal(template(b), template(a))).isEqualTo(equal);
    }
}
