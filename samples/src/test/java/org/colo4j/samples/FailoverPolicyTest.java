package org.colo4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.FailoverReport;
import org.colo4j.QemuIo;
import org.colo4j.Role;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.samples.FailoverDecision.Action;
import org.colo4j.testkit.FakeColoNode;
import org.colo4j.testkit.FakeColoPair;
import org.colo4j.testkit.FakeEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FailoverPolicy} against two fake QEMUs built from the spec it watches, replicating: the
 * primary dies, the secondary dies, the link between them fails, colo4j fails over on purpose.
 * No QEMU, no KVM, no root.
 */
class FailoverPolicyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private FakeColoPair fakes;
    private ColoPair pair;
    private FailoverPolicy policy;

    @BeforeEach
    void replicatingPairWithData() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        fakes = FakeColoPair.start(spec).startColo();
        pair = ColoPair.connect(spec);
        io(Role.PRIMARY).write("colo-disk0", 0xab, 0, MIB);
        fakes.primary().checkpoint();                   // the write is now on the secondary too
        policy = FailoverPolicy.watch(pair);
    }

    @AfterEach
    void close() {
        policy.close();
        pair.close();
        fakes.close();
    }

    private QemuIo io(Role role) {
        return QemuIo.of(pair.qmp(role), fakes.node(role).stdoutFile());
    }

    private static boolean failover(FailoverDecision d) {
        return d.action() == Action.FAIL_OVER_ON_PRIMARY || d.action() == Action.FAIL_OVER_ON_SECONDARY;
    }

    private List<FailoverDecision> failovers() {
        return policy.decisions().stream().filter(FailoverPolicyTest::failover).toList();
    }

    private static List<String> failoverCommands(FakeColoNode node) {
        return node.server().receivedNames().stream().filter(n -> n.equals("x-colo-lost-heartbeat")).toList();
    }

    @Test
    void thePrimaryDiesAndTheSecondaryTakesOverWithTheData() throws Exception {
        fakes.primary().kill();     // the secondary reports COLO_EXIT {secondary, error}: the same event as a link loss

        FailoverDecision d = policy.awaitDecision(FailoverPolicyTest::failover, TIMEOUT);
        assertEquals(Action.FAIL_OVER_ON_SECONDARY, d.action(), d.toString());
        assertTrue(d.reason().startsWith("the primary does not answer"), d.reason());
        assertTrue(policy.report().status().isRunningAlone(), policy.report().toString());
        assertEquals(new ColoStatusInfo(ColoMode.NONE, ColoMode.SECONDARY, ColoExitReason.REQUEST),
                fakes.secondary().coloStatus());
        assertTrue(io(Role.SECONDARY).verify("colo-disk0", 0xab, 0, MIB), "the checkpointed write survived");
        assertEquals(1, failovers().size(), policy.decisions().toString());
    }

    @Test
    void theSecondaryDiesAndThePrimaryContinuesAlone() throws Exception {
        fakes.secondary().kill();
        fakes.primary().checkpoint();   // the primary notices at its checkpoint: COLO_EXIT {primary, error}

        FailoverDecision d = policy.awaitDecision(FailoverPolicyTest::failover, TIMEOUT);
        assertEquals(Action.FAIL_OVER_ON_PRIMARY, d.action(), d.toString());
        assertTrue(d.reason().startsWith("the secondary does not answer"), d.reason());
        assertEquals(new ColoStatusInfo(ColoMode.NONE, ColoMode.PRIMARY, ColoExitReason.REQUEST),
                fakes.primary().coloStatus());
        assertTrue(fakes.primary().objects().isEmpty(), "the COLO proxy is gone: " + fakes.primary().objects());
        io(Role.PRIMARY).write("colo-disk0", 0xcd, MIB, MIB);
        assertTrue(io(Role.PRIMARY).verify("colo-disk0", 0xab, 0, MIB));
        assertTrue(io(Role.PRIMARY).verify("colo-disk0", 0xcd, MIB, MIB), "the primary runs on alone");
        assertEquals(1, failovers().size(), policy.decisions().toString());
    }

    @Test
    void aSecondaryThatDiedSilentlyIsFoundByPolling() {
        fakes.secondary().kill();       // no checkpoint: the primary reports nothing yet

        policy.poll();

        List<FailoverDecision> failovers = failovers();
        assertEquals(1, failovers.size(), policy.decisions().toString());
        assertEquals(Action.FAIL_OVER_ON_PRIMARY, failovers.get(0).action());
        assertTrue(pair.status().primary().isRunningAlone(), pair.status().toString());
    }

    @Test
    void aLinkLossKeepsThePrimaryAndNeverFailsOverBoth() throws Exception {
        io(Role.PRIMARY).write("colo-disk0", 0xcd, MIB, MIB);   // not checkpointed: only the primary has it
        fakes.cutLink();        // both alive and answering; the secondary reports COLO_EXIT {secondary, error}

        FailoverDecision d = policy.awaitDecision(FailoverPolicyTest::failover, TIMEOUT);
        assertEquals(Action.FAIL_OVER_ON_PRIMARY, d.action(), d.toString());
        assertTrue(d.reason().startsWith("both nodes answer but replication broke"), d.reason());
        assertTrue(policy.report().status().isRunningAlone(), policy.report().toString());
        policy.poll();                  // later looks change nothing

        assertEquals(1, failovers().size(), policy.decisions().toString());
        assertTrue(fakes.primary().isAlive() && fakes.secondary().isAlive(), "a link loss, not a death");
        assertEquals(new ColoStatusInfo(ColoMode.NONE, ColoMode.PRIMARY, ColoExitReason.REQUEST),
                fakes.primary().coloStatus());
        assertEquals(ColoMode.SECONDARY, fakes.secondary().coloStatus().mode(), "the secondary is left waiting");
        assertEquals(List.of(), failoverCommands(fakes.secondary()), "nothing failed the secondary over");
        assertTrue(io(Role.PRIMARY).verify("colo-disk0", 0xcd, MIB, MIB), "the primary kept its newest write");
    }

    @Test
    void aFailoverSomeoneElseDidMakesThePolicyStandDown() throws Exception {
        pair.failover().onSecondary();  // an operator switches over on purpose; the primary is alive
        fakes.primary().checkpoint();   // the primary reports COLO_EXIT {primary, error}: the failover's doing
        policy.poll();                  // the policy's regular look

        FailoverDecision d = policy.awaitDecision(x -> x.action() == Action.STAND_DOWN, TIMEOUT);
        assertTrue(d.reason().startsWith("the secondary already runs alone"), d.reason());
        assertEquals(List.of(), failovers(), policy.decisions().toString());
        assertNull(policy.report());
        assertEquals(List.of(), failoverCommands(fakes.primary()), "the primary was not failed over too");
        assertEquals(ColoMode.PRIMARY, fakes.primary().coloStatus().mode());
    }

    @Test
    void eventsOfColo4jsOwnFailoverAreNoEvidence(@TempDir Path other) throws Exception {
        // A pair whose secondary holds its failover until the test completes it.
        ColoPairSpec spec = FakeColoPair.loopbackSpec(other);
        try (FakeColoPair held = FakeColoPair.of(FakeColoNode.start(spec, Role.PRIMARY),
                     FakeColoNode.builder(spec, Role.SECONDARY).manualFailover(true).build()).startColo();
             ColoPair heldPair = ColoPair.connect(spec);
             FailoverPolicy watching = FailoverPolicy.watch(heldPair)) {
            CountDownLatch seen = new CountDownLatch(1);
            heldPair.onEvent(e -> {            // runs after the policy's listener
                if (e.name().equals("COLO_EXIT") && e.duringOperation()) {
                    seen.countDown();
                }
            });
            CompletableFuture<FailoverReport> switchover = CompletableFuture.supplyAsync(() -> heldPair.failover().onSecondary());
            held.secondary().server().awaitCommand("x-colo-lost-heartbeat", TIMEOUT);
            held.secondary().server().sendEvent(FakeEvents.coloExit(ColoMode.SECONDARY, ColoExitReason.ERROR));
            assertTrue(seen.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "the event arrived during the failover");

            FailoverDecision during = watching.poll();   // a timer's look while colo4j fails over
            held.secondary().completeFailover();
            assertTrue(switchover.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).status().isRunningAlone());

            assertEquals(Action.NONE, during.action(), "a COLO error colo4j's own failover caused is no evidence: " + during);
            assertTrue(during.reason().startsWith("replicating"), during.reason());
            assertEquals(List.of(), failoverCommands(held.primary()), "the primary was not failed over too");
            assertEquals(List.of(), watching.decisions().stream().filter(FailoverPolicyTest::failover).toList());
        }
    }

    @Test
    void nothingIsDoneWhenBothNodesAreGone() {
        fakes.secondary().kill();       // unnoticed by the primary until a checkpoint ...
        fakes.primary().kill();         // ... which never comes: neither sends COLO_EXIT

        FailoverDecision d = policy.poll();

        assertEquals(Action.NONE, d.action(), d.toString());
        assertTrue(d.reason().startsWith("neither node can carry on"), d.reason());
        assertEquals(List.of(), failovers(), policy.decisions().toString());
    }
}
