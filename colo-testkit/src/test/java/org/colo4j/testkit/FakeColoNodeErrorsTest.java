package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.colo4j.Role;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.command.BlockExportAdd;
import org.colo4j.qmp.command.BlockdevAdd;
import org.colo4j.qmp.command.BlockdevDel;
import org.colo4j.qmp.command.ChardevRemove;
import org.colo4j.qmp.command.Migrate;
import org.colo4j.qmp.command.MigrateSetCapabilities;
import org.colo4j.qmp.command.NbdServerStart;
import org.colo4j.qmp.command.NbdServerStop;
import org.colo4j.qmp.command.ObjectAdd;
import org.colo4j.qmp.command.ObjectDel;
import org.colo4j.qmp.command.SocketAddressLegacy;
import org.colo4j.qmp.command.XBlockdevChange;
import org.colo4j.qmp.command.XColoLostHeartbeat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake refuses what QEMU 7.2.22 refuses, with its class and words (each message was seen on a real QEMU). */
class FakeColoNodeErrorsTest {

    private FakeColoNode primary;
    private FakeColoNode secondary;
    private QmpClient p;
    private QmpClient s;

    @BeforeEach
    void start() {
        primary = FakeColoNode.start(Role.PRIMARY);
        secondary = FakeColoNode.start(Role.SECONDARY);
        p = primary.connect();
        s = secondary.connect();
    }

    @AfterEach
    void close() {
        if (primary != null) {
            primary.close();
        }
        if (secondary != null) {
            secondary.close();
        }
    }

    private static void fails(QmpClient qmp, QmpCommand<?> command, String description) {
        assertThatThrownBy(() -> qmp.execute(command)).isInstanceOfSatisfying(QmpErrorResponseException.class, e -> {
            assertThat(e.errorClass()).isEqualTo("GenericError");
            assertThat(e.description()).isEqualTo(description);
        });
    }

    private static void fails(QmpClient qmp, String command, Map<String, ?> args, String description) {
        assertThatThrownBy(() -> qmp.execute(command, args)).isInstanceOfSatisfying(QmpErrorResponseException.class,
                e -> assertThat(e.description()).isEqualTo(description));
    }

    @Test
    void failoverOutsideColo() {
        fails(p, new XColoLostHeartbeat(), "The feature 'colo' is not enabled");
        fails(s, new XColoLostHeartbeat(), "The feature 'colo' is not enabled");
    }

    @Test
    void nbdServer() {
        fails(s, new NbdServerStop(), "NBD server not running");
        s.execute(NbdServerStart.of(SocketAddressLegacy.inet("0.0.0.0", 9999)));
        fails(s, NbdServerStart.of(SocketAddressLegacy.inet("0.0.0.0", 9999)), "NBD server already running");
    }

    @Test
    void exportsTakeNodeNamesNotDriveIds() {
        fails(s, BlockExportAdd.nbd("parent0", "parent0", "parent0", true), "Cannot find device='' nor node-name='parent0'");
        String node = secondary.blockNodes().get(1);
        fails(s, BlockExportAdd.nbd("parent0", node, "parent0", true), "NBD server not running");
        s.execute(NbdServerStart.of(SocketAddressLegacy.inet("0.0.0.0", 9999)));
        s.execute(BlockExportAdd.nbd("parent0", node, "parent0", true));
        fails(s, BlockExportAdd.nbd("parent0", node, "parent0", true), "Block export id 'parent0' is already in use");
        fails(s, "nbd-server-add", Map.of("device", "parent0", "writable", true),
                "Block export id 'parent0' is already in use");
        String quorum = s.execute(new org.colo4j.qmp.command.QueryBlock()).stream()
                .filter(b -> b.device().equals("colo-disk0")).findFirst().orElseThrow().inserted().nodeName();
        fails(s, "nbd-server-add", Map.of("device", "colo-disk0", "writable", true), "Permission conflict on node '"
                + quorum + "': permissions 'write' are both required by an unnamed block device (uses node '" + quorum
                + "' as 'root' child) and unshared by block device 'colo-disk0' (uses node '" + quorum
                + "' as 'root' child).");
    }

    @Test
    void objectsAndChardevs() {
        fails(p, new ObjectDel("nosuch"), "object 'nosuch' not found");
        fails(p, ObjectAdd.of("iothread", "iothread1"), "attempt to add duplicate property 'iothread1' to object (type 'container')");
        fails(p, new ChardevRemove("nosuch"), "Chardev 'nosuch' not found");
        fails(s, new ChardevRemove("red0"), "Chardev 'red0' is busy");
        fails(s, ObjectAdd.of("filter-redirector", "f9").with("netdev", "hn9").with("queue", "tx"),
                "Parameter 'netdev' expects a network backend id");
        fails(p, ObjectAdd.of("colo-compare", "comp9").with("primary_in", "compare0-0"),
                "colo compare needs 'primary_in' ,'secondary_in','outdev', 'iothread' property set");
        fails(s, "chardev-add", Map.of("id", "red0", "backend", Map.of("type", "socket", "data",
                Map.of("addr", Map.of("type", "inet", "data", Map.of("host", "127.0.0.1", "port", "9003")), "server", false))),
                "Chardev with id 'red0' already exists");
    }

    @Test
    void blockNodes() {
        FakeColoNode.pair(primary, secondary);
        BlockdevAdd replication = BlockdevAdd.of(Map.of("driver", "replication", "mode", "primary", "node-name",
                "replication0", "file", Map.of("driver", "nbd", "server", Map.of("type", "inet", "host", "127.0.0.1",
                        "port", "9999"), "export", "parent0")));
        fails(p, replication, "Failed to connect to '127.0.0.1:9999': Connection refused");
        s.execute(NbdServerStart.of(SocketAddressLegacy.inet("0.0.0.0", 9999)));
        fails(p, replication, "Requested export not available");
        s.execute(BlockExportAdd.nbd("parent0", secondary.blockNodes().get(1), "parent0", true));
        p.execute(replication);
        fails(p, replication, "Duplicate nodes with node-name='replication0'");
        fails(p, new BlockdevDel("nosuch"), "Failed to find node with node-name='nosuch'");
        fails(p, XBlockdevChange.removeChild("colo-disk0", "children.1"), "Node 'colo-disk0' does not have child 'children.1'");
        fails(p, XBlockdevChange.addNode("nosuch", "replication0"), "Cannot find device='nosuch' nor node-name='nosuch'");
        p.execute(XBlockdevChange.addNode("colo-disk0", "replication0"));
        fails(p, new BlockdevDel("replication0"), "Block device replication0 is in use");
        fails(p, new BlockdevDel(primary.blockNodes().get(0)), "Node " + primary.blockNodes().get(0)
                + " is not owned by the monitor");
        p.execute(XBlockdevChange.removeChild("colo-disk0", "children.1"));
        p.execute(new BlockdevDel("replication0"));
        assertThat(primary.children("colo-disk0")).containsOnlyKeys("children.0");
    }

    @Test
    void migration() {
        fails(s, Migrate.tcp("127.0.0.1", 9998), "Guest is waiting for an incoming migration");
        fails(p, "migrate", Map.of(), "Parameter 'uri' is missing");
        fails(p, MigrateSetCapabilities.enable("x-nosuch"), "Parameter 'capability' does not accept value 'x-nosuch'");
        fails(p, "migrate-set-parameters", Map.of("x-checkpoint-delay", -1), "Parameter 'x-checkpoint-delay' expects uint32_t");
        fails(p, "object-del", Map.of("id", "m0", "y", 1), "Parameter 'y' is unexpected");
        FakeColoNode.startColo(primary, secondary);
        fails(p, Migrate.tcp("127.0.0.1", 9998), "duplicate yank instance");
    }

    @Test
    void oobIsRefusedForModelCommands() {
        assertThat(p.oobEnabled()).isTrue();
        assertThatThrownBy(() -> p.executeOob(new org.colo4j.qmp.command.QueryStatus()))
                .isInstanceOf(QmpErrorResponseException.class)
                .hasMessageContaining("The command query-status does not support OOB");
    }

    @Test
    void hmpFailuresAreOutputText() {
        assertThat(p.hmp("qemu-io nosuch \"read -P 0 0 1M\"")).isEqualTo("Error: Cannot find device='' nor node-name='nosuch'\r\n");
        assertThat(p.hmp("qemu-io colo-disk0")).isEqualTo("qemu-io: string expected\r\nTry \"help qemu-io\" for more information\r\n");
        assertThat(p.hmp("nosuchhmp")).isEqualTo("unknown command: 'nosuchhmp'\r\n");
        assertThat(p.hmp("qemu-io colo-disk0 \"write -P 0x1ab 0 1M\"")).isEmpty();
        assertThat(primary.stdout()).isEqualTo("0x1ab is not a valid pattern byte\n");
        assertThat(p.hmp("drive_add -n buddy driver=null-co,node-name=n0")).isEmpty();
        assertThat(p.hmp("drive_add -n buddy driver=null-co,node-name=n0")).isEqualTo("Duplicate nodes with node-name='n0'\r\n");
        assertThat(p.hmp("drive_del n0")).isEmpty();
        assertThat(p.hmp("drive_del n0")).isEqualTo("Device 'n0' not found\r\n");
    }

    @Test
    void commandsTheModelDoesNotHaveAreNotFoundUnlessStubbed() {
        assertThatThrownBy(() -> p.execute("blockdev-mirror", Map.of())).isInstanceOfSatisfying(QmpErrorResponseException.class,
                e -> assertThat(e.isCommandNotFound()).isTrue());
        primary.server().stub(QmpExchange.on("blockdev-mirror"));
        p.execute("blockdev-mirror", Map.of());
    }

    @Test
    void stubsOnANodeInjectFaults() {
        primary.server().stub(QmpExchange.on("migrate").times(1).error("GenericError", "injected"));
        fails(p, Migrate.tcp("127.0.0.1", 9998), "injected");
        assertThat(primary.migrationStatus().wireName()).isEqualTo("none");
    }

    @Test
    void oldVersionsSpeakOldDialects() {
        FakeColoNode old = FakeColoNode.builder(Role.SECONDARY).version(QemuVersion.of(5, 1, 0)).build();
        try (QmpClient q = old.connect()) {
            assertThatThrownBy(() -> q.execute(BlockExportAdd.nbd("e", "n", "n", true)))
                    .isInstanceOfSatisfying(QmpErrorResponseException.class, e -> assertThat(e.isCommandNotFound()).isTrue());
            fails(q, ObjectAdd.of("iothread", "io9").with("poll-max-ns", 0), "Parameter 'poll-max-ns' is unexpected");
            q.execute(ObjectAdd.of("iothread", "io9").with("poll-max-ns", 0).legacy());
            assertThat(old.objects()).contains("io9");
        } finally {
            old.close();
        }
    }
}
