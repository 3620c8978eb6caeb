package org.colo4j.ha.zookeeper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.assertj.core.api.Assertions;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.qmp.QmpEndpoint;

/**
 * A real ZooKeeper server in this JVM (curator-test's TestingServer) with 100 ms ticks, so sessions may
 * be short, the agents' arbiters on it, and the spec as one agent sees it. Public for the HA fault
 * scenarios (package {@code org.colo4j.fault}).
 */
public final class Zk {

    /** The agents' ZooKeeper session timeout. */
    public static final Duration SESSION = Duration.ofMillis(1500);

    private Zk() {
    }

    public static TestingServer start() throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, 100, -1);
        return new TestingServer(spec, true);
    }

    static ZooKeeperArbiter arbiter(TestingServer server, String pair) {
        return arbiter(server.getConnectString(), pair);
    }

    /** An arbiter for {@code pair} on the server(s) of {@code connectString}, session {@link #SESSION}. */
    public static ZooKeeperArbiter arbiter(String connectString, String pair) {
        return ZooKeeperArbiter.builder(connectString).pair(pair).sessionTimeout(SESSION)
                .connectionTimeout(Duration.ofSeconds(1)).build();
    }

    /** The spec as the agent of {@code role}'s node sees it: the peer's QMP endpoint leads nowhere from there. */
    public static ColoPairSpec localOnly(ColoPairSpec spec, Role role) {
        QmpEndpoint nowhere = QmpEndpoint.unix(Path.of("/nonexistent/colo4j-" + role.other() + ".qmp"));
        ColoPairSpec.Builder b = spec.toBuilder();
        if (role == Role.PRIMARY) {
            b.secondary(spec.secondary().toBuilder().qmp(nowhere).build());
        } else {
            b.primary(spec.primary().toBuilder().qmp(nowhere).build());
        }
        return b.build();
    }

    static void close(TestingServer server) {
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                Assertions.fail("not within 15 s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
