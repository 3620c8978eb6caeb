package org.colo4j.fault;

import java.nio.file.Path;
import java.util.Random;
import org.colo4j.ColoPair;
import org.colo4j.FailoverReport;
import org.colo4j.NodeStatus;
import org.colo4j.Role;
import org.colo4j.StartReport;
import org.colo4j.qmp.command.ColoMode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kill -9 of a node at a random moment of {@code start()} (0-{@value #MAX_DELAY_MILLIS} ms after the
 * call, which took 0.4-2.5 s on a loaded 2-core host: the kill lands in preflight, in the start
 * steps or in the migration), the secondary in even runs and the primary in odd ones. {@code start()} must
 * return within the bound, with success or a {@code ColoException}. Then:
 * <ul>
 *   <li>if COLO had begun on the survivor (or start returned first), the failover onto it must
 *       work: the survivor runs alone and a pattern written on it reads back;</li>
 *   <li>otherwise nothing can run alone from it (the guest never ran), and the retried operation is
 *       a start again: with a new secondary if the primary survived (its guest never ran, so its
 *       disk is as it was), with both nodes started afresh if the primary died. That start must
 *       reach COLO, and a pattern written before a checkpoint must read back on the secondary after
 *       the primary is killed and the secondary takes over.</li>
 * </ul>
 */
@ExtendWith(ReliabilityExtension.class)
class StartKillFaultIT {

    static final String SCENARIO = "kill -9 during start() -> failover onto the survivor, or start() retried";
    static final int MAX_DELAY_MILLIS = 600;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.FaultRuns#kills")
    void killDuringStart(int run) throws Exception {
        FaultSupport.requireNamespacesAndKvm();
        Role victim = run % 2 == 0 ? Role.SECONDARY : Role.PRIMARY;
        Role survivor = victim.other();
        Random random = FaultRuns.random(SCENARIO, run);
        int pattern = FaultChecks.pattern(random);
        int delay = random.nextInt(MAX_DELAY_MILLIS + 1);
        FaultRun.of(SCENARIO, run).execute(r -> {
            r.detail(victim + " killed " + delay + " ms into start()");
            try (FaultPair p = FaultPair.create(dir, GuestImage.fromProperty())) {
                BoundedCall<StartReport> call = BoundedCall.start("start()", p.pair()::start);
                FaultPair.sleep(delay);
                p.kill(victim);
                BoundedCall.Outcome<StartReport> o = r.timed(call, () -> { });

                BoundedCall.Outcome<NodeStatus> s = r.bounded(BoundedCall.start("nodeStatus(" + survivor + ")",
                        () -> p.pair().nodeStatus(survivor)), () -> { });
                boolean coloBegan = o.succeeded() || s.succeeded() && s.value().isInColo(survivor == Role.PRIMARY ? ColoMode.PRIMARY : ColoMode.SECONDARY);
                if (coloBegan) {
                    r.detail(victim + " killed " + delay + " ms into start(), " + (o.succeeded() ? "after it returned" : "in COLO")
                            + ": failover");
                    BoundedCall.Outcome<FailoverReport> f = r.bounded(FaultChecks.startFailover(p.pair(), survivor), () -> { });
                    FaultChecks.survivorRunsAlone(r, p.pair(), survivor, f, () -> { });
                    p.io(p.pair(), survivor).writeBetweenCheckpoints(p.disk(), pattern, FaultPair.PATTERN_OFFSET, FaultPair.PATTERN_LENGTH);
                    FaultChecks.patternReadsBack(r, p, p.pair(), survivor, pattern, "a pattern written on the survivor");
                    return;
                }
                r.detail(victim + " killed " + delay + " ms into start(), before COLO: start() retried");
                // A primary whose migration ended (postmigrate) cannot migrate again: QEMU refuses it.
                boolean primaryMigrated = survivor == Role.PRIMARY && s.succeeded()
                        && s.value().runState() == org.colo4j.qmp.command.RunState.POSTMIGRATE;
                if (primaryMigrated) {
                    r.detail(victim + " killed " + delay + " ms into start(), before COLO; the primary's migration had ended"
                            + " (postmigrate): both relaunched, start() retried");
                }
                ColoPair again = survivor == Role.PRIMARY && !primaryMigrated ? p.relaunch(Role.SECONDARY)
                        : p.relaunch(Role.PRIMARY, Role.SECONDARY);
                BoundedCall.Outcome<StartReport> retried = r.bounded(BoundedCall.start("start() (retried)", again::start),
                        () -> { });
                if (!retried.succeeded()) {
                    throw new AssertionError("the retried start() failed: " + r.label(), retried.error());
                }
                p.writePattern(again, pattern);
                FaultPair.awaitCheckpoint(again.qmp(Role.PRIMARY));
                p.kill(Role.PRIMARY);
                BoundedCall.Outcome<FailoverReport> f = r.bounded(FaultChecks.startFailover(again, Role.SECONDARY), () -> { });
                FaultChecks.survivorRunsAlone(r, again, Role.SECONDARY, f, () -> { });
                FaultChecks.patternReadsBack(r, p, again, Role.SECONDARY, pattern, "the pattern written before the last checkpoint");
            }
        });
    }
}
