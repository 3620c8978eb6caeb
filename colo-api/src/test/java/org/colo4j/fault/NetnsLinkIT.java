package org.colo4j.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.colo4j.Role;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpOptions;
import org.colo4j.qmp.QmpTimeoutException;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.QemuOnPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness itself, measured: the link's faults really cut TCP between the namespaces and heal
 * undoes them, a node's pid is QEMU's own and takes the signals, and closing removes everything.
 */
class NetnsLinkIT {

    private static final int PORT = 7000;

    @TempDir
    Path dir;

    @Test
    void aPartitionSilentlyStallsTcpBothWaysAndHealRestoresIt() {
        FaultSupport.requireNamespaces();
        try (NetnsLink link = NetnsLink.create();
             TcpProbe server = TcpProbe.serve(link, Role.SECONDARY, PORT);
             TcpProbe client = TcpProbe.talk(link, Role.PRIMARY, PORT)) {
            assertThat(client.ping(Duration.ofSeconds(5))).as("before the fault").startsWith("echo ");

            link.partition();
            assertThat(link.isPartitioned()).isTrue();
            assertThat(client.ping(Duration.ofMillis(1500))).as("an established connection, partitioned").isEqualTo("stall");
            assertThat(client.connect(Duration.ofMillis(1500))).as("a new connection, partitioned").isEqualTo("connect-timeout");

            link.heal();
            assertThat(link.isPartitioned()).isFalse();
            // The stalled byte is retransmitted with back-off: its echo can take a few seconds to come.
            assertThat(client.ping(Duration.ofSeconds(15))).as("the same connection, healed").startsWith("echo ");
            assertThat(client.connect(Duration.ofSeconds(5))).as("a new connection, healed").isEqualTo("connected");
        }
    }

    @Test
    void aLinkDownCutsTcpAndHealRestoresIt() {
        FaultSupport.requireNamespaces();
        try (NetnsLink link = NetnsLink.create();
             TcpProbe server = TcpProbe.serve(link, Role.PRIMARY, PORT);
             TcpProbe client = TcpProbe.talk(link, Role.SECONDARY, PORT)) {
            assertThat(client.ping(Duration.ofSeconds(5))).startsWith("echo ");

            link.linkDown();
            assertThat(client.ping(Duration.ofMillis(1500))).as("established, link down").isIn("stall", "error Network is unreachable");
            assertThat(client.connect(Duration.ofMillis(1500))).as("new, link down").startsWith("connect-");
            assertThat(client.connect(Duration.ofMillis(1500))).isNotEqualTo("connected");

            link.heal();
            assertThat(client.ping(Duration.ofSeconds(15))).as("healed").startsWith("echo ");
        }
    }

    @Test
    void namespacesAreGoneAfterClose() {
        FaultSupport.requireNamespaces();
        NetnsLink link = NetnsLink.create();
        String p = link.namespace(Role.PRIMARY);
        assertThat(link.exists()).isTrue();
        assertThat(p).startsWith("colo4j-" + ProcessHandle.current().pid() + "-").endsWith("-p");
        link.close();
        link.close();
        assertThat(link.exists()).isFalse();
        assertThat(Ip.ip("netns", "list")).doesNotContain(p);
    }

    @Test
    void aNodeIsQemuItselfAndTakesFreezeThawAndKill() throws Exception {
        QemuOnPath.requireQemu();
        FaultSupport.requireNamespaces();
        QmpEndpoint qmp = QmpEndpoint.unix(dir.resolve("node.qmp"));
        try (NetnsLink link = NetnsLink.create();
             NetnsNode node = NetnsNode.start("probe", link, Role.SECONDARY, List.of("qemu-system-x86_64", "-machine", "none",
                     "-nodefaults", "-display", "none", "-qmp", "unix:" + dir.resolve("node.qmp") + ",server=on,wait=off"),
                     qmp, dir.resolve("node.log"));
             QmpClient client = QmpClient.connect(qmp, QmpOptions.defaults())) {
            assertThat(ProcessHandle.of(node.pid()).flatMap(h -> h.info().command()).orElseThrow())
                    .endsWith("qemu-system-x86_64");
            assertThat(Ip.ip("netns", "pids", link.namespace(Role.SECONDARY)).trim()).isEqualTo(Long.toString(node.pid()));
            client.execute(new QueryStatus());

            node.freeze();
            long t0 = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.execute(new QueryStatus(), Duration.ofMillis(500)))
                    .isInstanceOf(QmpTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

            node.thaw();
            assertThat(client.execute(new QueryStatus(), Duration.ofSeconds(5))).isNotNull();

            node.freeze();
            node.kill();
            assertThat(node.isAlive()).isFalse();
            assertThat(ProcessHandle.of(node.pid())).isEmpty();
        }
    }
}
