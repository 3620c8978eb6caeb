package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointProbeTest {

    @Test
    void aListeningUnixSocketAccepts(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("qmp.sock");
        assertThat(QmpEndpoint.unix(path).acceptsConnections()).as("no file yet").isFalse();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            assertThat(QmpEndpoint.unix(path).acceptsConnections()).isTrue();
        }
        assertThat(Files.exists(path)).as("the file outlives the server").isTrue();
        assertThat(QmpEndpoint.unix(path).acceptsConnections()).as("a file nobody listens on").isFalse();
    }

    @Test
    void aPlainFileIsNotASocket(@TempDir Path dir) throws Exception {
        Path path = Files.writeString(dir.resolve("not-a-socket"), "x");
        assertThat(QmpEndpoint.unix(path).acceptsConnections()).isFalse();
    }

    @Test
    void aListeningTcpPortAcceptsAndAClosedOneDoesNot() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            assertThat(QmpEndpoint.tcp("127.0.0.1", port).acceptsConnections()).isTrue();
        }
        assertThat(QmpEndpoint.tcp("127.0.0.1", port).acceptsConnections()).isFalse();
    }
}
