package org.colo4j.fault;

import java.nio.file.Path;
import org.colo4j.ColoPair;
import org.colo4j.ColoStatus;
import org.colo4j.FailoverReport;
import org.colo4j.Role;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The controller restarts after a node died: a fresh {@link ColoPair#connect} must return with the
 * survivor only (issue 11: "a pair with one node down"), report the dead node unreachable in
 * {@link ColoPair#status()}, and fail over onto the survivor. The primary dies in even runs, the
 * secondary in odd ones; the pattern was written before the last checkpoint.
 */
@ExtendWith(ReliabilityExtension.class)
class ReconnectFaultIT {

    static final String SCENARIO = "node killed, then a fresh ColoPair.connect -> failover onto the survivor";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.FaultRuns#twice")
    void connectAfterANodeDied(int run) throws Exception {
        FaultSupport.requireNamespacesAndKvm();
        Role victim = run % 2 == 0 ? Role.PRIMARY : Role.SECONDARY;
        Role survivor = victim.other();
        int pattern = FaultChecks.pattern(FaultRuns.random(SCENARIO, run));
        FaultRun.of(SCENARIO, run).execute(r -> {
            r.detail(victim + " killed");
            try (FaultPair p = FaultPair.create(dir, GuestImage.fromProperty())) {
                p.pair().start();
                p.writePattern(pattern);
                p.awaitCheckpoint();
                p.kill(victim);
                p.pair().close();

                BoundedCall.Outcome<ColoPair> o = r.timed(BoundedCall.start("ColoPair.connect(spec)",
                        () -> ColoPair.connect(p.spec())), () -> { });
                if (!o.succeeded()) {
                    throw new AssertionError("ColoPair.connect(spec) refused a pair whose " + survivor + " still runs: "
                            + r.label(), o.error());
                }
                ColoPair fresh = p.adopt(o.value());

                BoundedCall.Outcome<ColoStatus> before = r.bounded(BoundedCall.start("status()", fresh::status), () -> { });
                if (!before.succeeded() || before.value().node(victim).reachable()) {
                    throw new AssertionError("status() should report the dead " + victim + " unreachable: " + r.label()
                            + "\n" + (before.succeeded() ? before.value() : before.error()), before.error());
                }
                BoundedCall.Outcome<FailoverReport> failover = r.bounded(FaultChecks.startFailover(fresh, survivor), () -> { });
                FaultChecks.survivorRunsAlone(r, fresh, survivor, failover, () -> { });
                FaultChecks.patternReadsBack(r, p, fresh, survivor, pattern, "the pattern written before the last checkpoint");
            }
        });
    }
}
