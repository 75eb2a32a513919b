package io.rollbook.api.command;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Records on the command topic that are not commands: each is refused as a {@link MalformedCommand}
 * with a clear reason, and with its commandId when that could be read (so the sender still gets a
 * Rejected outcome). The engine side of this is HostileCommandIntegrationTest in infra.
 */
class HostileCommandDecodeTest {

    static final String T = "\"target\":{\"kind\":\"Deployment\",\"namespace\":\"default\",\"name\":\"web\"}";
    static final String M = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not JSON          | hello                                                                                     | -  | not JSON: invalid character at line 1, column 1
            a JSON array      | []                                                                                        | -  | a command must be a JSON object
            commandId number  | {"commandId":5}                                                                           | -  | "commandId" must be a string
            no commandId      | {"type":"Pause"}                                                                          | -  | missing field "commandId"
            unknown type      | {"commandId":"h1","type":"Frob",TARGET}                                                   | h1 | unknown command type "Frob"; known types: [Abort, Apply, Delete, DeletePod, Pause, Promote, ReportPod, Restart, Resume, Scale, SetImage, Tick, Undo]
            type number       | {"commandId":"h2","type":7,TARGET}                                                        | h2 | "type" must be a string
            target a string   | {"commandId":"h3","type":"Pause","target":"default/web"}                                  | h3 | missing field "target"
            target kind Pod   | {"commandId":"h4","type":"Pause","target":{"kind":"Pod","name":"x"}}                      | h4 | "target.kind" must be one of [Deployment, ReplicaSet, Namespace, NetworkPolicy, NetworkAttachmentDefinition], was Pod
            issuedAt number   | {"commandId":"h5","type":"Pause",TARGET,"issuedAt":12}                                    | h5 | "issuedAt" must be a string
            issuedAt garbage  | {"commandId":"h6","type":"Pause",TARGET,"issuedAt":"yesterday"}                           | h6 | "issuedAt" is not an RFC 3339 time: yesterday
            payload a string  | {"commandId":"h7","type":"Pause",TARGET,"payload":"x"}                                    | h7 | "payload" must be an object
            replicas text     | {"commandId":"h8","type":"Scale",TARGET,"payload":{"replicas":"abc"}}                     | h8 | "payload.replicas" must be an int32, was "abc"
            replicas > int32  | {"commandId":"h9","type":"Scale",TARGET,"payload":{"replicas":3000000000}}                | h9 | "payload.replicas" must be an int32, was 3000000000
            replicas fraction | {"commandId":"h10","type":"Scale",TARGET,"payload":{"replicas":2.5}}                      | h10 | "payload.replicas" must be an int32, was 2.5
            replicas missing  | {"commandId":"h11","type":"Scale",TARGET,"payload":{}}                                    | h11 | missing field "payload.replicas"
            image a number    | {"commandId":"h12","type":"SetImage",TARGET,"payload":{"images":{"app":5}}}               | h12 | invalid payload for SetImage: "payload.images.app" must be a string, was 5
            images a list     | {"commandId":"h13","type":"SetImage",TARGET,"payload":{"images":[1]}}                     | h13 | invalid payload for SetImage: "payload.images" must be an object, was [1]
            toRevision text   | {"commandId":"h14","type":"Undo",TARGET,"payload":{"toRevision":"x"}}                     | h14 | invalid payload for Undo: "payload.toRevision" must be an integer, was "x"
            no manifest       | {"commandId":"h15","type":"Apply",TARGET,"payload":{}}                                    | h15 | missing field "payload.manifest"
            manifest Service  | {"commandId":"h16","type":"Apply",TARGET,"payload":{"manifest":{"apiVersion":"v1","kind":"Service"}}} | h16 | no matches for kind "Service" in version "v1"
            manifest replicas | {"commandId":"h17","type":"Apply",TARGET,"payload":{"manifest":MANIFEST,"spec":{"replicas":3000000000}}}} | h17 | Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32
            manifest vs target| {"commandId":"h18","type":"Apply",TARGET,"payload":{"manifest":{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web"}}}} | h18 | the manifest is a ReplicaSet but the target is a Deployment
            deeply nested     | {"commandId":"h19","type":"Pause",TARGET,"payload":{"x":DEEP}}                             | -  | not JSON: it nests deeper than 100 levels
            """)
    void refusedWithAReason(String label, String json, String commandId, String reason) {
        String value = json.replace("TARGET", T).replace("MANIFEST", M)
                .replace("DEEP", "[".repeat(5000) + "]".repeat(5000));
        assertThatThrownBy(() -> Commands.decode(value.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .isInstanceOfSatisfying(MalformedCommand.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).as(label).contains(reason);
                    org.assertj.core.api.Assertions.assertThat(e.commandId()).as(label)
                            .isEqualTo("-".equals(commandId) ? null : commandId);
                });
    }

    @org.junit.jupiter.api.Test
    void rawBytesAndNullAreRefused() {
        assertThatThrownBy(() -> Commands.decode(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, Instant.EPOCH))
                .isInstanceOf(MalformedCommand.class).hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> Commands.decode(null, Instant.EPOCH))
                .isInstanceOf(MalformedCommand.class).hasMessage("a command must be a JSON object");
    }
}
