package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.colo4j.Role.PRIMARY;
import static org.colo4j.Role.SECONDARY;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.PreflightReport;
import org.colo4j.Role;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryMigrate;
import org.colo4j.qmp.command.RunState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeColoExtension.class)
class FakeColoExtensionTest {

    private static final List<FakeColoNode> NODES = new CopyOnWriteArrayList<>();
    private static final List<FakeQmpServer> SERVERS = new CopyOnWriteArrayList<>();
    private static final List<Path> SPEC_DIRS = new CopyOnWriteArrayList<>();

    private FakeColoNode fromBeforeEach;

    @BeforeEach
    void remember(@FakeNode(role = PRIMARY, name = "shared", pair = false) FakeColoNode shared) {
        fromBeforeEach = shared;
        NODES.add(shared);
    }

    @Test
    void injectsStartedNodesPairedByRole(@FakeNode(role = PRIMARY) FakeColoNode primary,
                                         @FakeNode(role = SECONDARY, transport = FakeTransport.TCP) FakeColoNode secondary,
                                         @FakeNode(role = PRIMARY, name = "shared", pair = false) FakeColoNode shared) {
        NODES.add(primary);
        NODES.add(secondary);
        assertThat(shared).isSameAs(fromBeforeEach);
        assertThat(shared).isNotSameAs(primary);
        assertThat(primary.peer()).isSameAs(secondary);
        assertThat(primary.status().status()).isEqualTo(RunState.PRELAUNCH);
        assertThat(secondary.status().status()).isEqualTo(RunState.INMIGRATE);
        assertThat(secondary.endpoint()).isInstanceOf(QmpEndpoint.Tcp.class);
    }

    @Test
    void startsColoWhenBothAskForIt(@FakeNode(role = PRIMARY, colo = true) FakeColoNode primary,
                                    @FakeNode(role = SECONDARY, colo = true) FakeColoNode secondary) {
        NODES.add(primary);
        try (QmpClient p = primary.connect()) {
            assertThat(p.execute(new QueryColoStatus()).mode()).isEqualTo(ColoMode.PRIMARY);
        }
        assertThat(secondary.coloStatus().mode()).isEqualTo(ColoMode.SECONDARY);
    }

    @Test
    void honoursVersionNameAndPairing(@FakeNode(role = PRIMARY, version = "8.2.2") FakeColoNode primary,
                                      @FakeNode(role = SECONDARY, name = "spare", pair = false) FakeColoNode spare) {
        NODES.add(spare);
        assertThat(primary.version()).isEqualTo(QemuVersion.of(8, 2, 2));
        assertThat(spare.name()).isEqualTo("spare");
        assertThat(spare.peer()).isNull();
        assertThat(primary.peer()).isNull();
    }

    @Test
    void nodesOnTwoReleasesAreEachRenderedForTheirOwn(@FakeNode(role = PRIMARY, version = "10.0.13") FakeColoNode primary,
                                                      @FakeNode(role = SECONDARY, version = "11.1.3") FakeColoNode secondary,
                                                      ColoPairSpec spec) {
        SPEC_DIRS.add(((QmpEndpoint.Unix) spec.primary().qmp()).path().getParent());
        NODES.add(primary);
        NODES.add(secondary);
        assertThat(spec.qemuVersion(PRIMARY)).isEqualTo(QemuVersion.of(10, 0, 13));
        assertThat(spec.qemuVersion(SECONDARY)).isEqualTo(QemuVersion.of(11, 1, 3));
        assertThat(secondary.version()).isEqualTo(QemuVersion.of(11, 1, 3));
        try (ColoPair pair = ColoPair.connect(spec)) {
            PreflightReport report = pair.preflight();
            assertThat(report.checks()).filteredOn(c -> c.name().equals("spec's QEMU version"))
                    .as("%s", report).hasSize(2).allMatch(PreflightReport.Check::passed);
        }
    }

    @Test
    void theInjectedSpecIsTheNodesSoColo4jsPreflightPasses(@FakeNode(role = PRIMARY) FakeColoNode primary,
                                                          @FakeNode(role = SECONDARY) FakeColoNode secondary,
                                                          ColoPairSpec spec) {
        SPEC_DIRS.add(((QmpEndpoint.Unix) spec.primary().qmp()).path().getParent());
        assertThat(primary.spec()).isSameAs(spec);
        assertThat(secondary.endpoint()).isEqualTo(spec.secondary().qmp());
        try (ColoPair pair = ColoPair.connect(spec)) {
            PreflightReport report = pair.preflight();
            assertThat(report.passed()).as("%s", report).isTrue();
            assertThat(pair.qmp(Role.SECONDARY).execute(new QueryMigrate()).socketAddress())
                    .as("-incoming defer: not listening").isNullOrEmpty();
            assertThat(pair.qmp(Role.PRIMARY).execute("query-named-block-nodes", Map.of()).toString())
                    .contains(spec.disks().get(0).primaryImage().path().toString());
        }
    }

    @Test
    void coloTrueGivesAReplicatingPairOfTheSpec(@FakeNode(role = PRIMARY, colo = true) FakeColoNode primary,
                                               @FakeNode(role = SECONDARY, colo = true) FakeColoNode secondary,
                                               ColoPairSpec spec) {
        try (ColoPair pair = ColoPair.connect(spec)) {
            assertThat(pair.status().isReplicating()).as("%s", pair.status()).isTrue();
            assertThat(secondary.exports()).containsExactly("parent0");
            assertThat(pair.failover().onPrimary().status().isRunningAlone()).isTrue();
        }
    }

    @Test
    void injectsPlainServers(FakeQmpServer server) {
        SERVERS.add(server);
        try (QmpClient qmp = QmpClient.connect(server.endpoint())) {
            assertThat(qmp.greeting().version()).isEqualTo(QemuVersion.of(7, 2, 22));
        }
    }

    @AfterAll
    static void everythingWasClosedAfterItsTest() {
        assertThat(SPEC_DIRS).hasSize(2).allSatisfy(d -> assertThat(d).as("the spec's directory").doesNotExist());
        assertThat(NODES).as("a shared node per test, plus six").hasSize(7 + 6).noneMatch(FakeColoNode::isAlive);
        assertThat(NODES).allSatisfy(n -> assertThat(n.server().isKilled()).isTrue());
        assertThat(SERVERS).hasSize(1).allMatch(FakeQmpServer::isKilled);
    }
}
