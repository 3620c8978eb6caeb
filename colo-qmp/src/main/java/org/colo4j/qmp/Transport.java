package org.colo4j.qmp;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * One open QMP socket as a non-blocking channel: TCP through the JDK, unix through junixsocket
 * (which can pass fds). Connecting blocks (with its deadline); after that no read or write on the
 * channel ever blocks: {@link SelectingInput} waits for input, {@link Outbox} queues what the socket
 * cannot take yet.
 */
final class Transport implements Closeable {

    private final SocketChannel channel;
    private final boolean unix;

    private Transport(SocketChannel channel, boolean unix) throws IOException {
        this.channel = channel;
        this.unix = unix;
        channel.configureBlocking(false);
    }

    /** The connected channel, in non-blocking mode. */
    SocketChannel channel() {
        return channel;
    }

    /** Attaches {@code fds} (SCM_RIGHTS) to the next write; only unix sockets can. */
    void attachFds(FileDescriptor[] fds) throws IOException {
        if (!unix) {
            throw new UnsupportedOperationException("file descriptors can only be passed over a unix socket");
        }
        ((AFUNIXSocketChannel) channel).setOutboundFileDescriptors(fds);
    }

    /** Closes the socket; a thread waiting on it in a selector is woken by closing that selector. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    static Transport open(QmpEndpoint endpoint, Duration connectTimeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        try {
            if (endpoint instanceof QmpEndpoint.Unix unix) {
                AFUNIXSocket socket = AFUNIXSocket.newInstance();
                try {
                    socket.connect(AFUNIXSocketAddress.of(unix.path()), millis);
                    return new Transport(socket.getChannel(), true);
                } catch (IOException | RuntimeException e) {
                    socket.close();
                    throw e;
                }
            }
            QmpEndpoint.Tcp tcp = (QmpEndpoint.Tcp) endpoint;
            SocketChannel channel = SocketChannel.open();
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.socket().connect(new InetSocketAddress(tcp.host(), tcp.port()), millis);
                return new Transport(channel, false);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (SocketTimeoutException e) {
            throw new QmpTimeoutException("connecting to QMP at " + endpoint + " took longer than " + connectTimeout,
                    connectTimeout);
        } catch (IOException e) {
            String hint = endpoint instanceof QmpEndpoint.Unix
                    ? "is QEMU running with -qmp " + endpoint + ",server=on,wait=off, and may this process open the socket?"
                    : "is QEMU running with -qmp " + endpoint + ",server=on,wait=off?";
            throw new QmpConnectException("cannot connect to QMP at " + endpoint + ": " + e.getMessage() + " (" + hint + ")", e);
        }
    }
}
