package dev.galactic.agent.bgp;

import dev.galactic.core.bgp.LearnedRoute;
import dev.galactic.core.bgp.SessionState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** gobgp 3.10's JSON as it printed it in the lab (trimmed), and the TOML gobgpd accepted there. */
class GobgpJsonTest {

    static final String ADJ_IN = """
            {"0.0.0.0/0":[{"nlri":{"prefix":"0.0.0.0/0"},"age":1795608936,"best":false,"attrs":[{"type":1,"value":0},
              {"type":2,"as_paths":[{"segment_type":2,"num":1,"asns":[65001]}]},{"type":3,"nexthop":"172.16.9.2"}],"neighbor-ip":"172.16.9.2"}],
             "10.1.0.0/24":[{"nlri":{"prefix":"10.1.0.0/24"},"attrs":[{"type":1,"value":0},
              {"type":2,"as_paths":[{"segment_type":2,"num":2,"asns":[65001,65010]}]},{"type":3,"nexthop":"172.16.9.2"},
              {"type":8,"communities":[4259905543]},{"type":32,"value":[{"ASN":65001,"LocalData1":1,"LocalData2":2}]}],"neighbor-ip":"172.16.9.2"}]}
            """;

    @Test
    void readsReceivedRoutesWithPathCommunitiesAndNextHop() {
        assertThat(GobgpJson.adjIn(ADJ_IN)).containsExactly(
                new LearnedRoute("0.0.0.0/0", List.of(65001L), List.of(), "172.16.9.2"),
                new LearnedRoute("10.1.0.0/24", List.of(65001L, 65010L), List.of("65001:7", "65001:1:2"), "172.16.9.2"));
        assertThat(GobgpJson.adjIn("{}")).isEmpty();
    }

    @Test
    void readsSessionStateAndOriginatedRoutes() {
        assertThat(GobgpJson.sessionState("[{\"state\":{\"session_state\":6}}]")).isEqualTo(SessionState.ESTABLISHED);
        assertThat(GobgpJson.sessionState("[{\"state\":{\"session_state\":3}}]")).isEqualTo(SessionState.ACTIVE);
        assertThat(GobgpJson.sessionState("[{\"state\":{\"session_state\":1,\"admin_state\":1}}]")).isEqualTo(SessionState.ADMIN_DOWN);
        assertThat(GobgpJson.sessionState("[]")).isEqualTo(SessionState.NOT_RUNNING);
        assertThat(GobgpJson.originated(ADJ_IN.replace("}]}", "}]," + "\"10.2.0.0/24\":[{\"attrs\":[{\"type\":3,\"nexthop\":\"0.0.0.0\"}]}]}")))
                .containsExactly("10.2.0.0/24");
    }

    @Test
    void picksTheEdgeAddressNextToThePeer() {
        String ip = """
                [{"ifname":"c-blue-a","addr_info":[{"family":"inet","local":"172.16.1.1","prefixlen":30},
                  {"family":"inet6","local":"fd00:30:1::1","prefixlen":64},{"family":"inet","local":"10.9.9.1","prefixlen":24}]}]
                """;
        assertThat(BgpSpeakers.pickLocal(ip, "172.16.1.2")).contains("172.16.1.1");
        assertThat(BgpSpeakers.pickLocal(ip, "fd00:30:1::2")).contains("fd00:30:1::1");
        assertThat(BgpSpeakers.pickLocal(ip, "172.16.2.2")).isEmpty();
    }

    @Test
    void tomlHasTheSessionAndNoKernelRoutesAndTellsWhenARestartIsNeeded() {
        Speaker s = new Speaker("blue", "blue-a", "172.16.1.1", 4200000001L, 65001, "172.16.1.2", 9, false, List.of("10.2.0.0/24"));
        String toml = GobgpdConfig.toml(s);
        assertThat(toml).contains("as = 4200000001").contains("local-address-list = [\"172.16.1.1\"]").contains("peer-as = 65001")
                .contains("hold-time = 9").contains("keepalive-interval = 3").contains("ipv4-unicast").doesNotContain("zebra");
        String down = GobgpdConfig.toml(new Speaker("blue", "blue-a", "172.16.1.1", 4200000001L, 65001, "172.16.1.2", 9, true, List.of()));
        assertThat(down).contains("admin-down = true");
        assertThat(GobgpdConfig.needsRestart(toml, down)).isFalse();
        String otherAsn = GobgpdConfig.toml(new Speaker("blue", "blue-a", "172.16.1.1", 4200000009L, 65001, "172.16.1.2", 9, false, List.of()));
        assertThat(GobgpdConfig.needsRestart(toml, otherAsn)).isTrue();
    }
}
