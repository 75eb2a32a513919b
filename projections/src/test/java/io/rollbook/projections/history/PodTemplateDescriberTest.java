package io.rollbook.projections.history;

import io.rollbook.api.codec.Codec;
import io.rollbook.api.manifest.PodTemplateSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodTemplateDescriberTest {

    @Test
    void describesATemplateAsKubectlDescribeDoes() throws Exception {
        PodTemplateSpec template = Codec.yaml().readValue("""
                metadata:
                  labels: {tier: web, app: shop}
                  annotations:
                    kubectl.kubernetes.io/last-applied-configuration: '{"big": "json"}'
                    kubectl.kubernetes.io/restartedAt: "2026-11-26T10:43:44Z"
                spec:
                  serviceAccountName: shop
                  initContainers:
                    - name: migrate
                      image: shop:2
                      command: [sh, -c]
                      args: ["./migrate"]
                  containers:
                    - name: app
                      image: shop:2
                      ports:
                        - containerPort: 8080
                        - {containerPort: 9090, hostPort: 19090, protocol: UDP}
                      resources:
                        limits: {memory: 256Mi, cpu: 500m}
                        requests: {cpu: 100m}
                      readinessProbe:
                        httpGet: {path: /healthz, port: 8080}
                        periodSeconds: 5
                      livenessProbe:
                        exec: {command: [cat, /tmp/ok]}
                      envFrom:
                        - configMapRef: {name: shop-config}
                      env:
                        - {name: MODE, value: prod}
                        - name: POD
                          valueFrom: {fieldRef: {fieldPath: metadata.name}}
                        - name: PASSWORD
                          valueFrom: {secretKeyRef: {name: db, key: password, optional: true}}
                      volumeMounts:
                        - {name: data, mountPath: /var/data}
                        - {name: config, mountPath: /etc/shop, readOnly: true, subPath: shop.yaml}
                  volumes:
                    - {name: data, emptyDir: {}}
                    - {name: config, configMap: {name: shop-config}}
                    - {name: creds, secret: {secretName: db}}
                    - {name: host, hostPath: {path: /srv, type: Directory}}
                    - {name: claim, persistentVolumeClaim: {claimName: pvc-1}}
                    - {name: weird, nfs: {server: x}}
                  priorityClassName: high
                  nodeSelector: {disk: ssd}
                  tolerations:
                    - {key: dedicated, operator: Equal, value: shop, effect: NoSchedule}
                    - {operator: Exists}
                    - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
                """, PodTemplateSpec.class);

        assertThat(PodTemplateDescriber.describe(template)).isEqualTo("""
                Pod Template:
                  Labels:\tapp=shop
                \ttier=web
                  Annotations:\tkubectl.kubernetes.io/restartedAt: 2026-11-26T10:43:44Z
                  Service Account:\tshop
                  Init Containers:
                   migrate:
                    Image:\tshop:2
                    Port:\t<none>
                    Host Port:\t<none>
                    Command:
                      sh
                      -c
                    Args:
                      ./migrate
                    Environment:\t<none>
                    Mounts:\t<none>
                  Containers:
                   app:
                    Image:\tshop:2
                    Ports:\t8080/TCP, 9090/UDP
                    Host Ports:\t0/TCP, 19090/UDP
                    Limits:
                      cpu:\t500m
                      memory:\t256Mi
                    Requests:
                      cpu:\t100m
                    Liveness:\texec [cat /tmp/ok] delay=0s timeout=1s period=10s #success=1 #failure=3
                    Readiness:\thttp-get http://:8080/healthz delay=0s timeout=1s period=5s #success=1 #failure=3
                    Environment Variables from:
                      shop-config\tConfigMap\tOptional: false
                    Environment:
                      MODE:\tprod
                      POD:\t (v1:metadata.name)
                      PASSWORD:\t<set to the key 'password' in secret 'db'>\tOptional: true
                    Mounts:
                      /etc/shop from config (ro,path="shop.yaml")
                      /var/data from data (rw)
                  Volumes:
                   data:
                    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)
                    Medium:\t
                    SizeLimit:\t<unset>
                   config:
                    Type:\tConfigMap (a volume populated by a ConfigMap)
                    Name:\tshop-config
                    Optional:\tfalse
                   creds:
                    Type:\tSecret (a volume populated by a Secret)
                    SecretName:\tdb
                    Optional:\tfalse
                   host:
                    Type:\tHostPath (bare host directory volume)
                    Path:\t/srv
                    HostPathType:\tDirectory
                   claim:
                    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
                    ClaimName:\tpvc-1
                    ReadOnly:\tfalse
                   weird:
                  <unknown>
                  Priority Class Name:\thigh
                  Node-Selectors:\tdisk=ssd
                  Tolerations:\top=Exists
                \tdedicated=shop:NoSchedule
                \tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                """);
    }

    @Test
    void longAnnotationsAreFoldedAndShortened() {
        String longValue = "x".repeat(200);
        PodTemplateSpec template = new PodTemplateSpec(io.rollbook.api.manifest.ObjectMeta.named(null, null)
                .withAnnotations(java.util.Map.of("a", longValue, "b", "two\nlines")), null);

        assertThat(PodTemplateDescriber.describe(template)).isEqualTo("Pod Template:\n"
                + "  Labels:\t<none>\n"
                + "  Annotations:\ta:\n"
                + "\t  " + "x".repeat(138) + "...\n"
                + "\tb:\n"
                + "\t  two\n"
                + "\t  lines\n"
                + "  Containers: <none>\n"
                + "  Volumes:\t<none>\n"
                + "  Node-Selectors:\t<none>\n"
                + "  Tolerations:\t<none>\n");
    }
}
