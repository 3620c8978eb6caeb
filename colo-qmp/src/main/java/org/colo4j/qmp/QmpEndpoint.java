package org.colo4j.qmp;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a QEMU's QMP monitor listens: a unix socket ({@code -qmp unix:PATH,server=on,wait=off}) or a
 * TCP socket ({@code -qmp tcp:HOST:PORT,server=on,wait=off}).
 *
 * <p>Unix sockets are preferred: they are not reachable from the network and they can carry file
 * descriptors ({@code getfd}, {@code add-fd}). QMP has no authentication: bind TCP monitors to
 * loopback only.
 */
public sealed interface QmpEndpoint permits QmpEndpoint.Unix, QmpEndpoint.Tcp {

    /**
     * A unix-domain socket endpoint.
     *
     * @throws NullPointerException if {@code path} is null
     */
    static QmpEndpoint unix(Path path) {
        return new Unix(path);
    }

    /**
     * A TCP endpoint; {@code host} is a name or literal address, {@code port} 1-65535.
     *
     * @throws IllegalArgumentException if {@code host} is blank or {@code port} is out of range
     */
    static QmpEndpoint tcp(String host, int port) {
        return new Tcp(host, port);
    }

    /**
     * Whether a server accepts connections here right now, e.g. to wait for a QEMU that is starting.
     * It opens a probe connection and closes it at once (QEMU greets it and drops it). Unlike
     * checking that the socket file exists, it is not fooled by a QEMU that has bound the socket
     * but does not listen yet. Returns within about 200 ms; never throws.
     */
    default boolean acceptsConnections() {
        return EndpointProbe.accepts(this);
    }

    /** Whether file descriptors can be passed over this endpoint (unix sockets only). */
    default boolean supportsFdPassing() {
        return this instanceof Unix;
    }

    /**
     * A unix-socket QMP endpoint.
     *
     * @param path the socket file
     */
    record Unix(Path path) implements QmpEndpoint {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        /** QEMU's spelling, {@code unix:/run/colo/primary.qmp}. */
        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /**
     * A TCP QMP endpoint.
     *
     * @param host host name or literal address
     * @param port TCP port, 1-65535
     */
    record Tcp(String host, int port) implements QmpEndpoint {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank: give a name or an address such as 127.0.0.1");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, got " + port);
            }
        }

        /** QEMU's spelling, {@code tcp:127.0.0.1:4444}. */
        @Override
        public String toString() {
            return "tcp:" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
