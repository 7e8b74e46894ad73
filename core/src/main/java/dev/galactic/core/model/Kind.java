package dev.galactic.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Every kind of resource, with its wire name, its URL plural and where it lives. */
public enum Kind {
    TENANT("Tenant", "tenants", Scope.CLUSTER, TenantSpec.class),
    NODE("Node", "nodes", Scope.CLUSTER, NodeSpec.class),
    LINK("Link", "links", Scope.CLUSTER, LinkSpec.class),
    TRAFFIC_CLASS("TrafficClass", "trafficclasses", Scope.TENANT, TrafficClassSpec.class),
    VPC("Vpc", "vpcs", Scope.TENANT, VpcSpec.class),
    ATTACHMENT("Attachment", "attachments", Scope.TENANT, AttachmentSpec.class),
    CLASSIFIER("Classifier", "classifiers", Scope.TENANT, ClassifierSpec.class),
    POLICY("Policy", "policies", Scope.TENANT, PolicySpec.class),
    WEBHOOK("Webhook", "webhooks", Scope.TENANT_OR_CLUSTER, WebhookSpec.class);

    /** Cluster resources belong to the operator; tenant resources to one tenant. */
    public enum Scope { CLUSTER, TENANT, TENANT_OR_CLUSTER }

    private final String wireName;
    private final String plural;
    private final Scope scope;
    private final Class<? extends Spec> specType;

    Kind(String wireName, String plural, Scope scope, Class<? extends Spec> specType) {
        this.wireName = wireName;
        this.plural = plural;
        this.scope = scope;
        this.specType = specType;
    }

    public String wireName() { return wireName; }
    public String plural() { return plural; }
    public Scope scope() { return scope; }
    public Class<? extends Spec> specType() { return specType; }

    /** Accepts the wire name, the plural, or the singular in any case ("vpc", "Vpc", "vpcs"). */
    public static Optional<Kind> parse(String text) {
        if (text == null) return Optional.empty();
        String t = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(k -> k.wireName.toLowerCase(Locale.ROOT).equals(t) || k.plural.equals(t))
                .findFirst();
    }

    /** Kinds in the order a batch is applied, so references point backwards. */
    public int applyOrder() { return ordinal(); }
}
