package org.colo4j.fault;

import java.nio.file.Path;
import org.colo4j.FailoverReport;
import org.colo4j.Role;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The link between the nodes fails while the pair replicates: silently ({@link NetnsLink#partition()}:
 * frames vanish, no RST, no ICMP) or visibly ({@link NetnsLink#linkDown()}). Both nodes keep running;
 * the test fails over onto one side and then fences the other (kills it), so that only one runs
 * alone. The pattern was written on the primary before the last checkpoint.
 */
@ExtendWith(ReliabilityExtension.class)
class PartitionFaultIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.FaultRuns#once")
    void silentPartitionPrimaryCarriesOn(int run) throws Exception {
        cutOff(true, Role.PRIMARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.FaultRuns#once")
    void silentPartitionSecondaryTakesOver(int run) throws Exception {
        cutOff(true, Role.SECONDARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.FaultRuns#once")
    void linkDownPrimaryCarriesOn(int run) throws Exception {
        cutOff(false, Role.PRIMARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.FaultRuns#once")
    void linkDownSecondaryTakesOver(int run) throws Exception {
        cutOff(false, Role.SECONDARY, run);
    }

    private void cutOff(boolean silent, Role survivor, int run) throws Exception {
        FaultSupport.requireNamespacesAndKvm();
        Role fenced = survivor.other();
        String scenario = (silent ? "silent partition" : "link down") + " -> " + FaultChecks.failoverName(survivor);
        FaultRun.of(scenario, run).execute(r -> {
            try (FaultPair p = FaultPair.create(dir, GuestImage.fromProperty())) {
                int pattern = FaultChecks.pattern(FaultRuns.random(scenario, run));
                p.pair().start();
                p.writePattern(pattern);
                p.awaitCheckpoint();

                if (silent) {
                    p.partition();
                } else {
                    p.linkDown();
                }
                // If the call hangs: heal the link and kill the other node, so that its sockets reset.
                Runnable rescue = () -> {
                    p.heal();
                    p.kill(fenced);
                };
                BoundedCall.Outcome<FailoverReport> o = r.timed(FaultChecks.startFailover(p.pair(), survivor), rescue);
                p.kill(fenced);

                FaultChecks.survivorRunsAlone(r, p.pair(), survivor, o, () -> { });
                FaultChecks.patternReadsBack(r, p, p.pair(), survivor, pattern, "the pattern written before the last checkpoint");
            }
        });
    }
}
