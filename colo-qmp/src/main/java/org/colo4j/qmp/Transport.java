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
abstract class Transport implements Closeable {

    abstract InputStream input() throws IOException;

    abstract OutputStream output() throws IOException;

    abstract void setReadTimeout(Duration timeout) throws IOException;

    /** Attaches {@code fds} (SCM_RIGHTS) to the next write; only unix sockets can. */
    abstract void attachFds(FileDescriptor[] fds) throws IOException;

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
                return new SocketTransport(socket, true);
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
            return new SocketTransport(socket, false);
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

    private static final class SocketTransport extends Transport {
        private final Socket socket;
        private final boolean unix;

        SocketTransport(Socket socket, boolean unix) {
            this.socket = socket;
            this.unix = unix;
        }

        @Override
        InputStream input() throws IOException {
            return socket.getInputStream();
        }

        @Override
        OutputStream output() throws IOException {
            return socket.getOutputStream();
        }

        @Override
        void setReadTimeout(Duration timeout) throws IOException {
            socket.setSoTimeout(timeout == null ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        }

        @Override
        void attachFds(FileDescriptor[] fds) throws IOException {
            if (!unix) {
                throw new UnsupportedOperationException("file descriptors can only be passed over a unix socket");
            }
            ((AFUNIXSocket) socket).setOutboundFileDescriptors(fds);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
