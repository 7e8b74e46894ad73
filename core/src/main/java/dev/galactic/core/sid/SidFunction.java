package dev.galactic.core.sid;

/**
 * The SRv6 behaviours (RFC 8986) Galactic gives SIDs to, with the 4-bit code that stands in
 * the function field of the SID (see {@link SidLayout}).
 */
public enum SidFunction {
    /** Transit: a core node on a path. */
    END(0x1),
    /** Cross-connect to an adjacency; the argument is the adjacency index. */
    END_X(0x2),
    /** Decapsulate and look up the inner IPv4 destination in the tenant's table (DT4). */
    END_DT4(0x4),
    /** Decapsulate and look up the inner IPv6 destination in the tenant's table (DT6). */
    END_DT6(0x6),
    /** Decapsulate IPv4 or IPv6 into the tenant's VRF (DT46). */
    END_DT46(0x7),
    /** A binding SID: encapsulate into an SR policy's segment list (VPP policies); the argument numbers the policy. */
    END_B6_ENCAPS(0xb);

    private final int code;

    SidFunction(int code) {
        this.code = code;
    }

    public int code() { return code; }

    /** Whether the argument field names a tenant (decapsulation into its table). */
    public boolean perTenant() { return this == END_DT4 || this == END_DT6 || this == END_DT46; }
}
