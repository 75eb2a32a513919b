package io.rollbook.infra.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.rollbook.infra.kubelet.KubeletRunner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs a Rollbook deployment needs on a Kafka cluster that authorizes (an authorizer on,
 * {@code allow.everyone.if.no.acl.found=false}): only the engine's principal writes the event log,
 * the outcomes, the dead letters, the snapshots and the rollout records, joins the engine's and the kubelet's groups and
 * uses the engine's transactional ids ({@value #ENGINE_TRANSACTIONAL_PREFIX}, prefixed); a client
 * may write commands, read outcomes and events, and see the engine's group (to say why no answer
 * came), nothing else. A client can therefore neither append to the source of truth nor fence or
 * impersonate an engine.
 *
 * @param enginePrincipal e.g. {@code User:engine}
 * @param clientPrincipal e.g. {@code User:client}
 */
public record KafkaAcls(Topics topics, String enginePrincipal, String clientPrincipal) {

    /** Every engine loop's transactional id is {@code rollbook-engine-<worker id>}. */
    public static final String ENGINE_TRANSACTIONAL_PREFIX = "rollbook-engine-";
    private static final String HOST = "*";

    public KafkaAcls {
        requirePrincipal(enginePrincipal, "engine");
        requirePrincipal(clientPrincipal, "client");
    }

    /** The engine's ACLs, then the client's. */
    public List<AclBinding> bindings() {
        List<AclBinding> out = new ArrayList<>();
        for (String topic : topics.all()) {
            for (AclOperation op : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
                    AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS)) {
                out.add(allow(enginePrincipal, literal(ResourceType.TOPIC, topic), op));
            }
        }
        out.add(allow(enginePrincipal, literal(ResourceType.GROUP, CommandLoop.GROUP), AclOperation.READ));
        out.add(allow(enginePrincipal, literal(ResourceType.GROUP, KubeletRunner.GROUP), AclOperation.READ));
        ResourcePattern ids = new ResourcePattern(ResourceType.TRANSACTIONAL_ID, ENGINE_TRANSACTIONAL_PREFIX,
                PatternType.PREFIXED);
        out.add(allow(enginePrincipal, ids, AclOperation.WRITE));
        out.add(allow(enginePrincipal, ids, AclOperation.DESCRIBE));

        out.add(allow(clientPrincipal, literal(ResourceType.TOPIC, topics.commands()), AclOperation.WRITE));
        out.add(allow(clientPrincipal, literal(ResourceType.TOPIC, topics.commands()), AclOperation.DESCRIBE));
        for (String topic : List.of(topics.outcomes(), topics.events())) {
            out.add(allow(clientPrincipal, literal(ResourceType.TOPIC, topic), AclOperation.READ));
            out.add(allow(clientPrincipal, literal(ResourceType.TOPIC, topic), AclOperation.DESCRIBE));
        }
        out.add(allow(clientPrincipal, literal(ResourceType.GROUP, CommandLoop.GROUP), AclOperation.DESCRIBE));
        return List.copyOf(out);
    }

    /** The same ACLs as {@code kafka-acls.sh} lines, one per binding, for an admin's {@code --command-config}. */
    public List<String> kafkaAclsLines(String bootstrapServers) {
        return bindings().stream().map(b -> "kafka-acls.sh --bootstrap-server " + bootstrapServers
                + " --command-config admin.properties --add --allow-principal " + b.entry().principal()
                + " --operation " + operationName(b.entry().operation()) + " " + resource(b.pattern())).toList();
    }

    /** Creates every binding (creating an existing one again changes nothing). */
    public void apply(Admin admin, Duration timeout) {
        try {
            admin.createAcls(bindings()).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create Rollbook's ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating Rollbook's ACLs took longer than " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Rollbook's ACLs", e);
        }
    }

    private static AclBinding allow(String principal, ResourcePattern pattern, AclOperation op) {
        return new AclBinding(pattern, new AccessControlEntry(principal, HOST, op, AclPermissionType.ALLOW));
    }

    private static ResourcePattern literal(ResourceType type, String name) {
        return new ResourcePattern(type, name, PatternType.LITERAL);
    }

    private static String resource(ResourcePattern p) {
        String option = switch (p.resourceType()) {
            case TOPIC -> "--topic ";
            case GROUP -> "--group ";
            case TRANSACTIONAL_ID -> "--transactional-id ";
            default -> throw new IllegalStateException("no kafka-acls option for " + p.resourceType());
        };
        String pattern = p.patternType() == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : "";
        return option + p.name() + pattern;
    }

    /** kafka-acls.sh's spelling: {@code Read}, {@code DescribeConfigs}. */
    private static String operationName(AclOperation op) {
        StringBuilder out = new StringBuilder();
        for (String part : op.name().split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }

    private static void requirePrincipal(String principal, String whose) {
        if (principal == null || !principal.matches("[A-Za-z]+:.+")) {
            throw new IllegalArgumentException("the " + whose + " principal must be TYPE:NAME (e.g. User:" + whose
                    + "), was " + principal);
        }
    }
}
