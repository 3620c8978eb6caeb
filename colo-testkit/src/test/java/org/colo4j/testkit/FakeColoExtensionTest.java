package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.colo4j.Role.PRIMARY;
import static org.colo4j.Role.SECONDARY;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.Role;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.RunState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeColoExtension.class)
class FakeColoExtensionTest {

    private static final List<FakeColoNode> NODES = new CopyOnWriteArrayList<>();
    private static final List<FakeQmpServer> SERVERS = new CopyOnWriteArrayList<>();

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
    void injectsPlainServers(FakeQmpServer server) {
        SERVERS.add(server);
        try (QmpClient qmp = QmpClient.connect(server.endpoint())) {
            assertThat(qmp.greeting().version()).isEqualTo(QemuVersion.of(7, 2, 22));
        }
    }

    @AfterAll
    static void everythingWasClosedAfterItsTest() {
        assertThat(NODES).hasSize(4 + 4).noneMatch(FakeColoNode::isAlive);
        assertThat(NODES).allSatisfy(n -> assertThat(n.server().isKilled()).isTrue());
        assertThat(SERVERS).hasSize(1).allMatch(FakeQmpServer::isKilled);
    }
}
