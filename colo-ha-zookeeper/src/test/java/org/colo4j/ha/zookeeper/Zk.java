package org.colo4j.ha.zookeeper;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.assertj.core.api.Assertions;

/** A real ZooKeeper server in this JVM (curator-test's TestingServer) with 100 ms ticks, so sessions may be short. */
final class Zk {

    static final Duration SESSION = Duration.ofMillis(1500);

    private Zk() {
    }

    static TestingServer start() throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, 100, -1);
        return new TestingServer(spec, true);
    }

    static ZooKeeperArbiter arbiter(TestingServer server, String pair) {
        return ZooKeeperArbiter.builder(server.getConnectString()).pair(pair).sessionTimeout(SESSION)
                .connectionTimeout(Duration.ofSeconds(1)).build();
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
