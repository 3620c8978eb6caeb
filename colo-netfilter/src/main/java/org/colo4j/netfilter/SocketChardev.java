package org.colo4j.netfilter;

import java.time.Duration;
import java.util.Objects;

/**
 * A TCP socket chardev ({@code -chardev socket,...} or QMP {@code chardev-add}), the wire between
 * proxy parts: across hosts (primary's {@code mirror0}/{@code compare1} and the secondary's
 * {@code red0}/{@code red1}) or on one host as a loopback pair (server {@code compare0} and client
 * {@code compare0-0} on one port).
 *
 * <p>Values are checked when the node or pair is built, not here, so that every problem is reported
 * at once.
 *
 * @param id the chardev id, a QEMU identifier
 * @param host the address a server binds or a client connects to
 * @param port the TCP port, 1-65535
 * @param server whether this end listens ({@code server=on}) or connects
 * @param waitForClient servers only: whether QEMU blocks at start-up until a client connects
 *     ({@code wait=on}); see {@link ColoProxy.Builder#waitForSecondary(boolean)}
 * @param reconnect clients only: how often a lost or refused connection is retried; {@code null}
 *     for no retries (then QEMU fails if the server is not up)
 * @param tlsCreds id of a {@code tls-creds-*} object on the same node (server endpoint for servers,
 *     client endpoint for clients), or {@code null} for plain TCP
 */
public record SocketChardev(String id, String host, int port, boolean server, boolean waitForClient,
        Duration reconnect, String tlsCreds) {

    public SocketChardev {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
    }

    /** A listening chardev that does not wait for its client ({@code server=on,wait=off}). */
    public static SocketChardev server(String id, String host, int port) {
        return new SocketChardev(id, host, port, true, false, null, null);
    }

    /** A connecting chardev without reconnect. */
    public static SocketChardev client(String id, String host, int port) {
        return new SocketChardev(id, host, port, false, false, null, null);
    }

    /** This chardev with {@code wait} set as given (meaningful for servers only). */
    public SocketChardev withWaitForClient(boolean wait) {
        return new SocketChardev(id, host, port, server, wait, reconnect, tlsCreds);
    }

    /** This chardev retrying every {@code interval} ({@code null}: no retries; clients only). */
    public SocketChardev withReconnect(Duration interval) {
        return new SocketChardev(id, host, port, server, waitForClient, interval, tlsCreds);
    }

    /** This chardev using the TLS credentials object {@code credsId} ({@code null}: plain TCP). */
    public SocketChardev withTlsCreds(String credsId) {
        return new SocketChardev(id, host, port, server, waitForClient, reconnect, credsId);
    }

    /** {@code host:port}, with IPv6 literals bracketed. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(id).append(server ? " server " : " client ").append(address());
        if (server && waitForClient) {
            sb.append(" wait");
        }
        if (reconnect != null) {
            sb.append(" reconnect ").append(reconnect.toMillis()).append("ms");
        }
        if (tlsCreds != null) {
            sb.append(" tls ").append(tlsCreds);
        }
        return sb.toString();
    }
}
