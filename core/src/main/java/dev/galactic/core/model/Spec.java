package dev.galactic.core.model;

/** The desired state of one resource; one record per {@link Kind}. */
public sealed interface Spec permits TenantSpec, NodeSpec, LinkSpec, TrafficClassSpec, VpcSpec,
        AttachmentSpec, ClassifierSpec, PolicySpec, WebhookSpec {
}
