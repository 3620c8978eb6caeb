package org.colo4j.qmp;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** One open QMP socket: TCP through java.net, unix through junixsocket (which can pass fds). */
final class Transport implements Closeable {

    /** What {@link #sendBufferSize()} assumes when the socket will not say: Linux's smallest TCP default. */
    private static final int FALLBACK_SEND_BUFFER = 16 * 1024;

    private final Socket socket;
    private final boolean unix;

    private Transport(Socket socket, boolean unix) {
        this.socket = socket;
        this.unix = unix;
    }

    InputStream input() throws IOException {
        return socket.getInputStream();
    }

    OutputStream output() throws IOException {
        return socket.getOutputStream();
    }

    void setReadTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout(timeout == null ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
    }

    /** The socket's send buffer ({@code SO_SNDBUF}) as the kernel reports it now. */
    int sendBufferSize() {
        try {
            int size = socket.getSendBufferSize();
            return size > 0 ? size : FALLBACK_SEND_BUFFER;
        } catch (IOException | RuntimeException e) {
            return FALLBACK_SEND_BUFFER;
        }
    }

    /** Attaches {@code fds} (SCM_RIGHTS) to the next write; only unix sockets can. */
    void attachFds(FileDescriptor[] fds) throws IOException {
        if (!unix) {
            throw new UnsupportedOperationException("file descriptors can only be passed over a unix socket");
        }
        ((AFUNIXSocket) socket).setOutboundFileDescriptors(fds);
    }

    /** Closes the socket; a thread blocked reading or writing it fails at once. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    static Transport open(QmpEndpoint endpoint, Duration connectTimeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        try {
            if (endpoint instanceof QmpEndpoint.Unix unix) {
                AFUNIXSocket socket = AFUNIXSocket.newInstance();
                try {
                    socket.connect(AFUNIXSocketAddress.of(unix.path()), millis);
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
                return new Transport(socket, true);
            }
            QmpEndpoint.Tcp tcp = (QmpEndpoint.Tcp) endpoint;
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(tcp.host(), tcp.port()), millis);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            return new Transport(socket, false);
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
