package org.colo4j.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.colo4j.qmp.QemuVersion;
import org.junit.jupiter.api.Test;

/**
 * The proxy rendered for the QEMU builds colo4j runs on, argv and QMP, golden. The boundaries, from
 * QEMU's source: {@code reconnect-ms} exists since 9.2 ({@code qapi/char.json}), where
 * {@code reconnect} was deprecated; 10.2 removed {@code reconnect} ({@code docs/about/removed-features.rst}).
 * The filter and colo-compare properties are the same in 7.2 and 10.2.2 ({@code qapi/qom.json}).
 */
class QemuVersionGoldenTest {

    static final QemuVersion QEMU_7_2_22 = QemuVersion.of(7, 2, 22);
    static final QemuVersion QEMU_10_0_13 = QemuVersion.of(10, 0, 13);
    static final QemuVersion QEMU_11_1_3 = QemuVersion.of(11, 1, 3);

    static final ColoProxy PROXY = ColoProxy.builder().primaryAddress("10.0.0.1").nic(ProxyNic.of("hn0")).build();

    /** A node with one reconnecting client, as a promoted node would add it over QMP. */
    static final NodeProxy RECONNECTING = NodeProxy.builder()
            .chardev(SocketChardev.client("red0", "10.0.0.1", 9003).withReconnect(Duration.ofSeconds(1))).build();

    private static List<String> secondaryArgv(QemuVersion v) {
        return ProxyArgvRenderer.forVersion(v).render(PROXY.secondary());
    }

    private static List<String> chardevAdd(QemuVersion v) {
        return ProxyPlans.forVersion(v).promoteToPrimary(RECONNECTING).json();
    }

    @Test
    void qemu7222() {
        assertThat(secondaryArgv(QEMU_7_2_22)).containsExactly(
                "-chardev", "socket,id=red0,host=10.0.0.1,port=9003,reconnect=1",
                "-chardev", "socket,id=red1,host=10.0.0.1,port=9004,reconnect=1",
                "-object", "filter-redirector,id=f1,netdev=hn0,queue=tx,indev=red0",
                "-object", "filter-redirector,id=f2,netdev=hn0,queue=rx,outdev=red1",
                "-object", "filter-rewriter,id=rew0,netdev=hn0,queue=all");
        assertThat(chardevAdd(QEMU_7_2_22)).containsExactly("{\"execute\":\"chardev-add\",\"arguments\":{\"id\":\"red0\","
                + "\"backend\":{\"type\":\"socket\",\"data\":{\"addr\":{\"type\":\"inet\",\"data\":{\"host\":\"10.0.0.1\","
                + "\"port\":\"9003\"}},\"server\":false,\"reconnect\":1}}}}");
    }

    @Test
    void qemu10013() {
        assertThat(secondaryArgv(QEMU_10_0_13)).containsExactly(
                "-chardev", "socket,id=red0,host=10.0.0.1,port=9003,reconnect-ms=1000",
                "-chardev", "socket,id=red1,host=10.0.0.1,port=9004,reconnect-ms=1000",
                "-object", "filter-redirector,id=f1,netdev=hn0,queue=tx,indev=red0",
                "-object", "filter-redirector,id=f2,netdev=hn0,queue=rx,outdev=red1",
                "-object", "filter-rewriter,id=rew0,netdev=hn0,queue=all");
        assertThat(chardevAdd(QEMU_10_0_13)).containsExactly("{\"execute\":\"chardev-add\",\"arguments\":{\"id\":\"red0\","
                + "\"backend\":{\"type\":\"socket\",\"data\":{\"addr\":{\"type\":\"inet\",\"data\":{\"host\":\"10.0.0.1\","
                + "\"port\":\"9003\"}},\"server\":false,\"reconnect-ms\":1000}}}}");
    }

    @Test
    void qemu1113RendersLike10013() {
        assertThat(secondaryArgv(QEMU_11_1_3)).isEqualTo(secondaryArgv(QEMU_10_0_13));
        assertThat(chardevAdd(QEMU_11_1_3)).isEqualTo(chardevAdd(QEMU_10_0_13));
        assertThat(ProxyArgvRenderer.forVersion(QEMU_11_1_3).render(PROXY.primary()))
                .isEqualTo(ProxyArgvRenderer.forVersion(QEMU_7_2_22).render(PROXY.primary()));
    }

    @Test
    void reconnectMsStartsAt92AndReconnectIsNeverSentFrom102On() {
        for (QemuVersion v : List.of(QemuVersion.of(9, 2, 0), QemuVersion.of(10, 1, 3), QemuVersion.of(10, 2, 0),
                QemuVersion.of(10, 2, 2), QEMU_11_1_3)) {
            assertThat(String.join(" ", secondaryArgv(v))).as("%s", v).contains("reconnect-ms=1000").doesNotContain("reconnect=");
            assertThat(chardevAdd(v).get(0)).as("%s", v).contains("\"reconnect-ms\":1000").doesNotContain("\"reconnect\":");
        }
        assertThat(String.join(" ", secondaryArgv(QemuVersion.of(9, 1, 3)))).contains("reconnect=1").doesNotContain("reconnect-ms");
    }
}
