package org.colo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for a COLO pair run on one host (primary on 127.0.0.1, secondary on 127.0.0.2), as
 * tests, drills and demos do. A port is free when it can be bound on those addresses now; the
 * operating system may offer a just-released port again, so this class never hands out the same
 * port twice in one JVM.
 */
public final class LoopbackPorts {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {}

    /** A free port on 127.0.0.1 not handed out before, e.g. for a migration or NBD port. */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind a loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port that was not handed out already");
    }

    /**
     * A base port from which {@code count} consecutive ports are free on 127.0.0.1 and 127.0.0.2,
     * e.g. for {@code PortPlan.of(freeRange(10), 10)}.
     */
    public static int freeRange(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 40000);
            boolean free = true;
            for (int p = base; p < base + count && free; p++) {
                free = !HANDED_OUT.contains(p) && bindable("127.0.0.1", p) && bindable("127.0.0.2", p);
            }
            if (free) {
                for (int p = base; p < base + count; p++) {
                    HANDED_OUT.add(p);
                }
                return base;
            }
        }
        throw new IllegalStateException("no free range of " + count + " ports on 127.0.0.1 and 127.0.0.2");
    }

    private static boolean bindable(String host, int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
