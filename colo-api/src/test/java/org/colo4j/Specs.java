package org.colo4j;

import java.nio.file.Path;
import java.time.Duration;
import org.colo4j.qmp.QmpEndpoint;

/** Specs shared by the colo-api tests. */
final class Specs {

    private Specs() {}

    /** COLO-FT.txt's layout on loopback: primary 127.0.0.1, secondary 127.0.0.2, one disk of 64 MiB, one NIC. */
    static ColoPairSpec.Builder reference(Path dir) {
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(dir.resolve("primary.qmp"))).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp"))).build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(dir.resolve("primary.qcow2"))
                        .secondaryImage(dir.resolve("secondary-parent.qcow2")).activeImage(dir.resolve("secondary-active.qcow2"))
                        .hiddenImage(dir.resolve("secondary-hidden.qcow2")).virtualSize(64L << 20).build())
                .nic(ColoNic.builder().netdev("hn0").build())
                .checkpointDelay(Duration.ofSeconds(2));
    }
}
