package org.colo4j.fault;

import java.nio.file.Path;
import java.util.Random;
import org.colo4j.ColoPair;
import org.colo4j.FailoverReport;
import org.colo4j.Role;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kill -9 of the new secondary at a random moment of {@code resumeReplication} (0-{@value #MAX_DELAY_MILLIS}
 * ms after the call; a resume took 0.7-1.3 s here: new secondary's start, resync mirror, replication,
 * migration). Before it: pattern A written, a
 * checkpoint, a node killed (the primary in even runs, the secondary in odd ones) and the failover
 * onto the other. {@code resumeReplication} must return within the bound, with success or a
 * {@code ColoException}. Then:
 * <ul>
 *   <li>if it succeeded (the kill came after), the new secondary is simply dead: the failover of the
 *       resumed pair onto its primary must work and A must read back there;</li>
 *   <li>otherwise the retried operation: resume again with another fresh secondary; it must reach
 *       COLO; pattern B is written and checkpointed; the primary (the first survivor) is killed and
 *       the newest secondary takes over: A (carried by the resync) and B must read back on it.</li>
 * </ul>
 */
@ExtendWith(ReliabilityExtension.class)
class ResyncKillFaultIT {

    static final String SCENARIO = "kill -9 of the new secondary during resumeReplication -> failover, or resume retried";
    static final int MAX_DELAY_MILLIS = 1000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.FaultRuns#kills")
    void killTheNewSecondaryDuringTheResync(int run) throws Exception {
        FaultSupport.requireNamespacesAndKvm();
        Role firstVictim = run % 2 == 0 ? Role.PRIMARY : Role.SECONDARY;
        Role survivor = firstVictim.other();
        Random random = FaultRuns.random(SCENARIO, run);
        int a = FaultChecks.pattern(random);
        int b = FaultChecks.pattern(random);
        int delay = random.nextInt(MAX_DELAY_MILLIS + 1);
        String detail = "first " + firstVictim + " killed, new secondary killed " + delay + " ms into resumeReplication";
        FaultRun.of(SCENARIO, run).execute(r -> {
            r.detail(detail);
            try (FaultPair p = FaultPair.create(dir, GuestImage.fromProperty())) {
                p.pair().start();
                p.writePattern(a);
                p.awaitCheckpoint();
                p.kill(firstVictim);
                FaultChecks.survivorRunsAlone(r, p.pair(), survivor,
                        r.bounded(FaultChecks.startFailover(p.pair(), survivor), () -> { }), () -> { });

                FaultPair.Replacement doomed = p.startReplacement(p.spec(), survivor);
                BoundedCall<ColoPair> call = BoundedCall.start("resumeReplication(next)",
                        () -> p.adopt(p.pair().resumeReplication(doomed.spec())));
                FaultPair.sleep(delay);
                doomed.node().kill();
                BoundedCall.Outcome<ColoPair> o = r.timed(call, () -> { });

                if (o.succeeded()) {
                    r.detail(detail + ", after it returned");
                    ColoPair resumed = o.value();
                    FaultChecks.survivorRunsAlone(r, resumed, Role.PRIMARY,
                            r.bounded(FaultChecks.startFailover(resumed, Role.PRIMARY), () -> { }), () -> { });
                    FaultChecks.patternReadsBack(r, p, resumed, Role.PRIMARY, a, "pattern A, written before the first failover");
                    return;
                }
                r.detail(detail + ", resume retried");
                FaultPair.Replacement fresh = p.startReplacement(p.spec(), survivor);
                BoundedCall.Outcome<ColoPair> retried = r.bounded(BoundedCall.start("resumeReplication(next) (retried)",
                        () -> p.adopt(p.pair().resumeReplication(fresh.spec()))), () -> { });
                if (!retried.succeeded()) {
                    throw new AssertionError("the retried resumeReplication failed: " + r.label(), retried.error());
                }
                ColoPair resumed = retried.value();
                p.writePattern(resumed, b, 1);
                FaultPair.awaitCheckpoint(resumed.qmp(Role.PRIMARY));
                p.process(resumed.spec().primary()).kill();
                FaultChecks.survivorRunsAlone(r, resumed, Role.SECONDARY,
                        r.bounded(FaultChecks.startFailover(resumed, Role.SECONDARY), () -> { }), () -> { });
                FaultChecks.patternReadsBack(r, p, resumed, Role.SECONDARY, a, "pattern A, written before the first failover");
                FaultChecks.patternReadsBack(r, p, resumed, Role.SECONDARY, b, 1, "pattern B, written before the last checkpoint");
            }
        });
    }
}
