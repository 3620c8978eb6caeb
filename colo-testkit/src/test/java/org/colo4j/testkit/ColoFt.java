package org.colo4j.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.command.BlockExportAdd;
import org.colo4j.qmp.command.BlockInfo;
import org.colo4j.qmp.command.BlockdevAdd;
import org.colo4j.qmp.command.Migrate;
import org.colo4j.qmp.command.MigrateSetCapabilities;
import org.colo4j.qmp.command.MigrateSetParameters;
import org.colo4j.qmp.command.NbdServerStart;
import org.colo4j.qmp.command.QueryBlock;
import org.colo4j.qmp.command.SocketAddressLegacy;
import org.colo4j.qmp.command.XBlockdevChange;

/** COLO-FT.txt steps 3 and 4 sent through real QmpClients with colo-qmp's typed commands. */
final class ColoFt {

    private ColoFt() {}

    /** Step 3 on the secondary: x-colo, NBD server, writable export of parent0 (by its node name). */
    static void secondaryStart(QmpClient secondary) {
        secondary.execute(MigrateSetCapabilities.enable("x-colo", "events"));
        secondary.execute(NbdServerStart.of(SocketAddressLegacy.inet("0.0.0.0", 9999)));
        List<BlockInfo> drives = secondary.execute(new QueryBlock());
        String parentNode = drives.stream().filter(b -> b.device().equals("parent0")).findFirst().orElseThrow()
                .inserted().nodeName();
        secondary.execute(BlockExportAdd.nbd("parent0", parentNode, "parent0", true));
    }

    /** Step 4 on the primary: replication child over NBD, x-colo, checkpoint delay, migrate. */
    static void primaryStart(QmpClient primary) {
        primary.execute(BlockdevAdd.of(Map.of("driver", "replication", "mode", "primary", "node-name", "replication0",
                "file", Map.of("driver", "nbd", "server", Map.of("type", "inet", "host", "127.0.0.1", "port", "9999"),
                        "export", "parent0"))));
        primary.execute(XBlockdevChange.addNode("colo-disk0", "replication0"));
        primary.execute(MigrateSetCapabilities.enable("x-colo", "events"));
        primary.execute(MigrateSetParameters.checkpointDelay(Duration.ofSeconds(2)));
        primary.execute(Migrate.tcp("127.0.0.1", 9998));
    }
}
