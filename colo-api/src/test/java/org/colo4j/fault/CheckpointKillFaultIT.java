package org.colo4j.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.colo4j.FailoverReport;
import org.colo4j.Role;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kill -9 of a node in steady COLO while a checkpoint is in progress: right after the primary's
 * {@code STOP} (plus 0-9 ms, at random), the victim alternating between the secondary (even runs)
 * and the primary (odd runs); then the failover onto the survivor. The pattern was written on the
 * primary before the last completed checkpoint.
 */
@ExtendWith(ReliabilityExtension.class)
class CheckpointKillFaultIT {

    static final String SCENARIO = "kill -9 during a checkpoint -> failover onto the survivor";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.FaultRuns#kills")
    void killDuringACheckpoint(int run) throws Exception {
        FaultSupport.requireNamespacesAndKvm();
        Role victim = run % 2 == 0 ? Role.SECONDARY : Role.PRIMARY;
        Role survivor = victim.other();
        Random random = FaultRuns.random(SCENARIO, run);
        int pattern = FaultChecks.pattern(random);
        int delay = random.nextInt(10);
        FaultRun.of(SCENARIO, run).execute(r -> {
            r.detail(victim + " killed " + delay + " ms after a checkpoint's STOP");
            try (FaultPair p = FaultPair.create(dir, GuestImage.fromProperty())) {
                p.pair().start();
                p.writePattern(pattern);
                p.awaitCheckpoint();

                p.pair().qmp(Role.PRIMARY).awaitEvent("STOP", e -> true, Duration.ofSeconds(20));
                FaultPair.sleep(delay);
                p.kill(victim);
                BoundedCall.Outcome<FailoverReport> o = r.timed(FaultChecks.startFailover(p.pair(), survivor), () -> { });

                FaultChecks.survivorRunsAlone(r, p.pair(), survivor, o, () -> { });
                FaultChecks.patternReadsBack(r, p, p.pair(), survivor, pattern, "the pattern written before the last checkpoint");
            }
        });
    }
}
