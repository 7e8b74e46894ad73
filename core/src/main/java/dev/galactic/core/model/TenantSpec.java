package dev.galactic.core.model;

/**
 * A customer of the backbone.
 *
 * @param displayName human name shown in the console
 * @param asn the tenant-specific ASN the edges speak BGP in towards this tenant's sites
 * @param contact where operators reach the tenant (e-mail or URL)
 */
public record TenantSpec(String displayName, Long asn, String contact) implements Spec {
}
