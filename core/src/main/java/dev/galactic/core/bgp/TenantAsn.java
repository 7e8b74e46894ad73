package dev.galactic.core.bgp;

import dev.galactic.core.model.TenantSpec;

/**
 * The ASN the edges speak in towards a tenant's sites: the Tenant's declared {@code spec.asn},
 * else one derived from its tenant id in the 32-bit private range (RFC 6996:
 * 4200000000-4294967294), so every tenant has its own ASN without an operator choosing one and
 * two tenants never share one. A tenant that declares an ASN keeps it whatever its id.
 */
public final class TenantAsn {

    public static final long PRIVATE_BASE = 4_200_000_000L;

    private TenantAsn() {
    }

    public static long of(TenantSpec spec, int tenantId) {
        return spec != null && spec.asn() != null ? spec.asn() : PRIVATE_BASE + tenantId;
    }
}
