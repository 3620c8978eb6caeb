package org.colo4j.qmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for live tests (shipped in colo-qmp's
 * test-jar). The kernel may offer a just-released ephemeral port again at once, so one test asking
 * for several ports could get the same one twice (two chardevs then collide: "port N is already
 * listened on"); this class never hands out a port twice in one JVM.
 */
public final class FreeLoopbackPort {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreeLoopbackPort() {}

    /** A free port on 127.0.0.1 not handed out before by this JVM. */
    public static int next() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind a port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 that was not handed out already");
    }
}
