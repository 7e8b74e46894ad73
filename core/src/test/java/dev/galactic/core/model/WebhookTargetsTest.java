package dev.galactic.core.model;

import dev.galactic.core.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookTargetsTest {

    static final WebhookTargets NONE = WebhookTargets.DEFAULT;

    @Test
    void internalAddressesAreRefusedAndPublicOnesAreNot() {
        for (String a : List.of("127.0.0.1", "127.8.9.10", "::1", "169.254.169.254", "fe80::1", "10.0.0.1", "172.31.255.255", "192.168.1.1",
                "100.64.0.1", "fd00::1", "0.0.0.0", "::", "224.0.0.251", "ff02::1", "255.255.255.255", "::ffff:127.0.0.1",
                "::ffff:169.254.169.254", "64:ff9b::a00:1", "::7f00:1")) {
            assertThat(NONE.refusal(IpAddress.parse(a))).as(a).isPresent();
        }
        for (String a : List.of("192.0.2.1", "8.8.8.8", "2a00:1450:4001::1", "172.32.0.1", "::ffff:8.8.8.8", "64:ff9b::808:808")) {
            assertThat(NONE.refusal(IpAddress.parse(a))).as(a).isEmpty();
        }
        assertThat(NONE.refusal(IpAddress.parse("::ffff:127.0.0.1")).orElseThrow()).contains("loopback");
    }

    @Test
    void theOperatorMayOpenLoopbackLinkLocalAndPrivateRangesButNeverUnspecifiedOrMulticast() {
        WebhookTargets open = WebhookTargets.parse(List.of("127.0.0.1/32", "10.20.0.0/16", "0.0.0.0/0", "::/0"));
        assertThat(open.refusal(IpAddress.parse("127.0.0.1"))).isEmpty();
        assertThat(open.refusal(IpAddress.parse("10.20.3.4"))).isEmpty();
        assertThat(open.refusal(IpAddress.parse("0.0.0.0"))).isPresent();
        assertThat(open.refusal(IpAddress.parse("ff02::1"))).isPresent();
        WebhookTargets one = WebhookTargets.parse(List.of("127.0.0.1/32"));
        assertThat(one.refusal(IpAddress.parse("127.0.0.2"))).isPresent();
        assertThat(one.refusal(IpAddress.parse("::1"))).isPresent();
    }

    @Test
    void hostsAreJudgedByWhatTheySayWithoutResolving() {
        for (String h : List.of("127.0.0.1", "[::1]", "[::ffff:10.0.0.1]", "localhost", "LOCALHOST.", "api.localhost", "127.1", "2130706433", "0177.0.0.1")) {
            assertThat(NONE.refusalOfHost(h)).as(h).isPresent();
        }
        for (String h : List.of("hooks.example.com", "[2a00:1450:4001::1]", "198.51.100.7", "0x7f.example")) {
            assertThat(NONE.refusalOfHost(h)).as(h).isEmpty();
        }
        assertThat(WebhookTargets.parse(List.of("127.0.0.0/8")).refusalOfHost("localhost")).isEmpty();
    }
}
