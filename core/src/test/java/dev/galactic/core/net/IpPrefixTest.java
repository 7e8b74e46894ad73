package dev.galactic.core.net;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class IpPrefixTest {

    @Test
    void parsesAndPrintsCanonicalForms() {
        assertThat(IpPrefix.parse("10.1.0.0/16").toString()).isEqualTo("10.1.0.0/16");
        assertThat(IpPrefix.parse("fd00:0:0:1::/64").toString()).isEqualTo("fd00:0:0:1::/64");
        assertThat(IpAddress.parse("2001:db8:0:0:1:0:0:1").toString()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpAddress.parse("::ffff:10.0.0.1").toString()).isEqualTo("::ffff:a00:1");
        assertThat(IpAddress.parse("::").toString()).isEqualTo("::");
    }

    @Test
    void explainsWhatIsWrong() {
        assertThat(IpPrefix.parseOrError("10.1.0.1/16").error()).contains("host bits").contains("10.1.0.0/16");
        assertThat(IpPrefix.parseOrError("10.1.0.0").error()).contains("no prefix length");
        assertThat(IpPrefix.parseOrError("10.1.0.0/33").error()).contains("longer than 32");
        assertThat(IpPrefix.parseOrError("300.1.0.0/8").error()).contains("not an IPv4 or IPv6 address");
        assertThat(IpPrefix.parseOrError("example.com/8").error()).contains("not an IPv4 or IPv6 address");
        assertThat(IpAddress.tryParse("1:2:3:4:5:6:7:8:9")).isEmpty();
        assertThat(IpAddress.tryParse("1::2::3")).isEmpty();
        assertThat(IpAddress.tryParse("010.1.1.1")).isEmpty();
    }

    @Test
    void overlapAndContainment() {
        IpPrefix a = IpPrefix.parse("10.0.0.0/8");
        IpPrefix b = IpPrefix.parse("10.20.0.0/16");
        IpPrefix c = IpPrefix.parse("11.0.0.0/8");
        assertThat(a.overlaps(b)).isTrue();
        assertThat(b.overlaps(a)).isTrue();
        assertThat(a.contains(b)).isTrue();
        assertThat(b.contains(a)).isFalse();
        assertThat(a.overlaps(c)).isFalse();
        assertThat(a.overlaps(IpPrefix.parse("::/0"))).isFalse();
    }

    @Property(tries = 300)
    void ipv6TextAgreesWithTheJdk(@ForAll("v6") byte[] bytes) throws UnknownHostException {
        IpAddress a = new IpAddress(bytes);
        // the JDK parses literals without lookups; it is the oracle for our printer and parser
        assertThat(InetAddress.getByName(a.toString()).getAddress()).isEqualTo(bytes);
        assertThat(IpAddress.parse(InetAddress.getByAddress(bytes).getHostAddress())).isEqualTo(a);
    }

    @Property(tries = 300)
    void overlapMatchesAddressRangeIntersection(@ForAll("v4") byte[] x, @ForAll @IntRange(min = 0, max = 32) int lx,
                                                @ForAll("v4") byte[] y, @ForAll @IntRange(min = 0, max = 32) int ly) {
        IpPrefix p = new IpPrefix(new IpAddress(x), lx);
        IpPrefix q = new IpPrefix(new IpAddress(y), ly);
        long ps = toLong(p.network()), pe = ps + (1L << (32 - lx)) - 1;
        long qs = toLong(q.network()), qe = qs + (1L << (32 - ly)) - 1;
        assertThat(p.overlaps(q)).isEqualTo(ps <= qe && qs <= pe);
    }

    private static long toLong(IpAddress a) {
        return a.toBigInteger().longValueExact();
    }

    @Provide
    Arbitrary<byte[]> v6() {
        // zero-heavy bytes exercise the :: compression
        return Arbitraries.bytes()
                .array(byte[].class).ofSize(16)
                .map(b -> { for (int i = 0; i < 16; i++) if (b[i] % 3 == 0) b[i] = 0; return b; });
    }

    @Provide
    Arbitrary<byte[]> v4() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4);
    }
}
