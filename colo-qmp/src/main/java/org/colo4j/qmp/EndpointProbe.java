package org.colo4j.qmp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/** {@link QmpEndpoint#acceptsConnections()}: one probe connection, closed at once. */
final class EndpointProbe {

    static final int TCP_TIMEOUT_MILLIS = 200;

    private EndpointProbe() {}

    static boolean accepts(QmpEndpoint endpoint) {
        if (endpoint instanceof QmpEndpoint.Unix unix) {
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                probe.configureBlocking(false); // a full backlog fails at once instead of blocking
                return probe.connect(UnixDomainSocketAddress.of(unix.path()));
            } catch (IOException e) {
                return false;
            }
        }
        QmpEndpoint.Tcp tcp = (QmpEndpoint.Tcp) endpoint;
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(tcp.host(), tcp.port()), TCP_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
