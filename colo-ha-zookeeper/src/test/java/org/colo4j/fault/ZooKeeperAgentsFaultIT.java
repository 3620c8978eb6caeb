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
 * Automatic HA with one agent per node: each {@code ColoGuard} reaches only its own node's QEMU and
 * holds a session of its own on a real ZooKeeper server through that node's namespace
 * ({@link ZooKeeperNet}), so that isolating a node cuts its agent off ZooKeeper too. Runs in the
 * {@code ha-faults} profile only ({@code -Dcolo4j.faults.runs}, default there 20).
 */
@ExtendWith(HaReportExtension.class)
class ZooKeeperAgentsFaultIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void primaryKilled(int run) throws Exception {
        HaScenario.run(dir, Shape.AGENTS, Fault.CRASH, Role.PRIMARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void secondaryKilled(int run) throws Exception {
        HaScenario.run(dir, Shape.AGENTS, Fault.CRASH, Role.SECONDARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void primaryFrozen(int run) throws Exception {
        HaScenario.run(dir, Shape.AGENTS, Fault.FREEZE, Role.PRIMARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void secondaryFrozen(int run) throws Exception {
        HaScenario.run(dir, Shape.AGENTS, Fault.FREEZE, Role.SECONDARY, run);
    }

    /** Both agents still reach ZooKeeper: the arbiter lets one claim the epoch, the other fences itself. */
    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void silentPartitionBetweenTheNodes(int run) throws Exception {
        HaScenario.run(dir, Shape.AGENTS, Fault.PARTITION, Role.SECONDARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void primaryIsolated(int run) throws Exception {
        HaScenario.run(dir, Shape.AGENTS, Fault.ISOLATE, Role.PRIMARY, run);
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("org.colo4j.fault.HaScenario#runs")
    void secondaryIsolated(int run) throws Exception {
        HaScenario.run(dir, Shape.AGENTS, Fault.ISOLATE, Role.SECONDARY, run);
    }
}
