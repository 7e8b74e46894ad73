package dev.galactic.core.sid;

import dev.galactic.core.net.IpPrefix;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SidLayoutTest {

    @Test
    void theBitTableInTheDocIsWhatTheCodeDoes() {
        IpPrefix loc = SidLayout.DEFAULT.locator(1);
        assertThat(loc).hasToString("fc00:0:1::/48");
        assertThat(SidLayout.sid(loc, SidFunction.END_DT6, 3)).hasToString("fc00:0:1:6003::");
        assertThat(SidLayout.sid(loc, SidFunction.END, 0)).hasToString("fc00:0:1:1000::");
        assertThat(SidLayout.nodeAddress(loc)).hasToString("fc00:0:1::1");
        IpPrefix explicit = IpPrefix.parse("2001:db8:aa::/64");
        assertThat(SidLayout.sid(explicit, SidFunction.END_DT4, 0xfff)).hasToString("2001:db8:aa:0:4fff::");
    }

    @Property(tries = 300)
    void sidsOfDifferentNodesFunctionsAndTenantsNeverCollide(@ForAll @IntRange(min = 1, max = 65535) int n1, @ForAll @IntRange(min = 1, max = 65535) int n2,
                                                            @ForAll SidFunction f1, @ForAll SidFunction f2,
                                                            @ForAll @IntRange(max = 4095) int t1, @ForAll @IntRange(max = 4095) int t2) {
        var s1 = SidLayout.sid(SidLayout.DEFAULT.locator(n1), f1, t1);
        var s2 = SidLayout.sid(SidLayout.DEFAULT.locator(n2), f2, t2);
        assertThat(s1.equals(s2)).isEqualTo(n1 == n2 && f1 == f2 && t1 == t2);
        assertThat(SidLayout.DEFAULT.locator(n1).contains(s1)).isTrue();
        assertThat(s1).isNotEqualTo(SidLayout.nodeAddress(SidLayout.DEFAULT.locator(n1)));
    }
}
