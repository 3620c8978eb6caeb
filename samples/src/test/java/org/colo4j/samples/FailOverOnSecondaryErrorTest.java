package org.colo4j.samples;

import static org.colo4j.testkit.ColoRole.PRIMARY;
import static org.colo4j.testkit.ColoRole.SECONDARY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.NbdServerStop;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.RunState;
import org.colo4j.qmp.command.XColoLostHeartbeat;
import org.colo4j.testkit.FakeColoExtension;
import org.colo4j.testkit.FakeColoNode;
import org.colo4j.testkit.FakeNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests an HA policy ("on COLO_EXIT with reason error on the secondary, fail over on the primary")
 * against two fake QEMUs from colo-testkit, already replicating: no QEMU, no KVM, no root.
 */
@ExtendWith(FakeColoExtension.class)
class FailOverOnSecondaryErrorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** COLO-FT.txt's pair, pointing at the two fakes' QMP endpoints. */
    private static ColoPairSpec spec(FakeColoNode primary, FakeColoNode secondary) {
        Path dir = Path.of("/var/lib/colo");
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(primary.endpoint()).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(secondary.endpoint()).build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(dir.resolve("primary.qcow2"))
                        .secondaryImage(dir.resolve("parent.qcow2")).activeImage(dir.resolve("active.qcow2"))
                        .hiddenImage(dir.resolve("hidden.qcow2")).virtualSize(64L << 20).build())
                .nic(ColoNic.builder().netdev("hn0").build())
                .qemuVersion(ColoPairSpec.TESTED_QEMU) // the fakes answer as 7.2.22; no QEMU is asked
                .build();
    }

    @Test
    void aSecondaryErrorMakesThePrimaryContinueAlone(@FakeNode(role = PRIMARY, colo = true) FakeColoNode primary,
                                                     @FakeNode(role = SECONDARY, colo = true) FakeColoNode secondary)
            throws Exception {
        try (QmpClient p = primary.connect();
             QmpClient s = secondary.connect();
             ColoPair pair = ColoPair.of(spec(primary, secondary), p, s);
             FailOverOnSecondaryError policy = FailOverOnSecondaryError.watch(pair)) {

            secondary.peerLost();   // the secondary loses COLO: it sends COLO_EXIT {mode: secondary, reason: error}

            assertEquals(List.of("failed over to the primary"), policy.awaitDecision(TIMEOUT));
            assertEquals(List.of("x-blockdev-change", "blockdev-del", "object-del", "object-del", "object-del",
                    "object-del", "object-del", "x-colo-lost-heartbeat"),
                    primary.server().receivedNames().stream()
                            .filter(n -> !n.startsWith("query-") && !n.startsWith("x-debug-")).toList(),
                    "the mutating commands COLO-FT.txt's primary failover sends, in order");
            assertEquals("children.1", primary.server().awaitCommand("x-blockdev-change", TIMEOUT)
                    .argument("child").asText(), "the replication child, by the name QEMU gave it");
            assertEquals(new ColoStatusInfo(ColoMode.NONE, ColoMode.PRIMARY, ColoExitReason.REQUEST),
                    p.execute(new QueryColoStatus()));
            assertEquals(RunState.RUNNING, primary.status().status());
            assertTrue(policy.report().status().isRunningAlone(), policy.report().toString());
            assertTrue(primary.objects().isEmpty(), "the COLO proxy is gone: " + primary.objects());
        }
    }

    @Test
    void aRequestedSecondaryFailoverIsLeftAlone(@FakeNode(role = PRIMARY, colo = true) FakeColoNode primary,
                                                @FakeNode(role = SECONDARY, colo = true) FakeColoNode secondary)
            throws Exception {
        try (QmpClient p = primary.connect();
             QmpClient s = secondary.connect();
             ColoPair pair = ColoPair.of(spec(primary, secondary), p, s);
             FailOverOnSecondaryError policy = FailOverOnSecondaryError.watch(pair)) {

            s.execute(new NbdServerStop());        // an operator fails over to the secondary on purpose
            s.execute(new XColoLostHeartbeat());   // COLO_EXIT {mode: secondary, reason: request}

            assertEquals(List.of("ignored COLO_EXIT with reason request"), policy.awaitDecision(TIMEOUT));
            assertNull(policy.report());
            assertEquals(ColoMode.PRIMARY, primary.coloStatus().mode());
            assertEquals(List.of(), primary.server().receivedNames());
        }
    }
}
