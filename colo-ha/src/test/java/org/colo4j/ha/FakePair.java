package org.colo4j.ha;

import java.nio.file.Path;
import java.time.Duration;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.Role;
import org.colo4j.testkit.FakeColoNode;

/** Two fake QEMUs (colo-testkit) paired as one COLO pair, and the spec that names them. */
final class FakePair implements AutoCloseable {

    final FakeColoNode primary = FakeColoNode.builder(Role.PRIMARY).build();
    final FakeColoNode secondary = FakeColoNode.builder(Role.SECONDARY).incoming("defer").build();
    final ColoPairSpec spec;

    FakePair() {
        FakeColoNode.pair(primary, secondary);
        this.spec = spec(primary.endpoint(), secondary.endpoint());
    }

    static ColoPairSpec spec(QmpEndpoint primary, QmpEndpoint secondary) {
        Path p = Path.of("/mnt/vms/colo-test-primary");
        Path s = Path.of("/mnt/vms/colo-test-secondary");
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(primary).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(secondary).build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(p.resolve("primary.qcow2"))
                        .secondaryImage(s.resolve("primary.qcow2")).activeImage(s.resolve("secondary-active.qcow2"))
                        .hiddenImage(s.resolve("secondary-hidden.qcow2")).build())
                .nic(ColoNic.builder().netdev("hn0").build())
                .checkpointDelay(Duration.ofSeconds(2))
                .qemuVersion(ColoPairSpec.TESTED_QEMU) // the fakes answer as 7.2.22; no QEMU is probed
                .build();
    }

    /** A connected pair, started into COLO. */
    ColoPair started() {
        ColoPair pair = ColoPair.connect(spec);
        pair.start();
        return pair;
    }

    /** Options for fake tests: quick probes, and no stall (fakes checkpoint only when told). */
    static GuardOptions.Builder quick() {
        return GuardOptions.builder().probeInterval(Duration.ofMillis(20)).probeTimeout(Duration.ofMillis(300))
                .checkpointStallFactor(10_000);
    }

    @Override
    public void close() {
        primary.close();
        secondary.close();
    }
}
