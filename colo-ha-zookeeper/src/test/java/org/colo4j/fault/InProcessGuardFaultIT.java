package org.colo4j.fault;

import java.nio.file.Path;
import org.colo4j.Role;
import org.colo4j.fault.HaScenario.Fault;
import org.colo4j.fault.HaScenario.Shape;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Automatic HA with one controller: a {@code ColoGuard} with its {@code InProcessArbiter} holds both
 * QMP connections (unix sockets, which no network fault cuts) of a pair whose nodes run in two network
 * namespaces. Each fault, and the guard alone must bring the guest to run on exactly one node with the
 * data written before the last checkpoint. Runs in the {@code ha-faults} profile only
 * ({@code -Dcolo4j.faults.runs}, default there 20).
 */
@ExtendWith(HaReportExtension.class)
class InProcessGuardFaultIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void primaryKilled(int run) throws Exception {
        HaScenario.run(dir, Shape.IN_PROCESS, Fault.CRASH, Role.PRIMARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void secondaryKilled(int run) throws Exception {
        HaScenario.run(dir, Shape.IN_PROCESS, Fault.CRASH, Role.SECONDARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void primaryFrozen(int run) throws Exception {
        HaScenario.run(dir, Shape.IN_PROCESS, Fault.FREEZE, Role.PRIMARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void secondaryFrozen(int run) throws Exception {
        HaScenario.run(dir, Shape.IN_PROCESS, Fault.FREEZE, Role.SECONDARY, run);
    }

    /** The controller still reaches both nodes (unix sockets): only COLO breaks, and rule R3 keeps the primary. */
    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void silentPartitionBetweenTheNodes(int run) throws Exception {
        HaScenario.run(dir, Shape.IN_PROCESS, Fault.PARTITION, Role.SECONDARY, run);
    }
}
