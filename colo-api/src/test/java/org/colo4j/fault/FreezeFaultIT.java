package org.colo4j.fault;

import java.nio.file.Path;
import org.colo4j.FailoverReport;
import org.colo4j.Role;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A node that hangs (SIGSTOP: its sockets stay open and nothing answers, as on a frozen host) while
 * the pair replicates; the other node takes over. The pattern was written on the primary before the
 * last checkpoint; after the failover the frozen node is fenced (killed), as an HA stack would.
 */
@ExtendWith(ReliabilityExtension.class)
class FreezeFaultIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.FaultRuns#once")
    void secondaryFrozenPrimaryCarriesOn(int run) throws Exception {
        frozen(Role.SECONDARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.FaultRuns#once")
    void primaryFrozenSecondaryTakesOver(int run) throws Exception {
        frozen(Role.PRIMARY, run);
    }

    private void frozen(Role victim, int run) throws Exception {
        FaultSupport.requireNamespacesAndKvm();
        Role survivor = victim.other();
        String scenario = victim.toString().toLowerCase(java.util.Locale.ROOT) + " frozen (SIGSTOP) -> "
                + FaultChecks.failoverName(survivor);
        FaultRun.of(scenario, run).execute(r -> {
            try (FaultPair p = FaultPair.create(dir, GuestImage.fromProperty())) {
                int pattern = FaultChecks.pattern(FaultRuns.random(scenario, run));
                p.pair().start();
                p.writePattern(pattern);
                p.awaitCheckpoint();

                p.freeze(victim);
                BoundedCall.Outcome<FailoverReport> o = r.timed(FaultChecks.startFailover(p.pair(), survivor),
                        () -> p.kill(victim));
                p.kill(victim);

                FaultChecks.survivorRunsAlone(r, p.pair(), survivor, o, () -> { });
                FaultChecks.patternReadsBack(r, p, p.pair(), survivor, pattern, "the pattern written before the last checkpoint");
            }
        });
    }
}
