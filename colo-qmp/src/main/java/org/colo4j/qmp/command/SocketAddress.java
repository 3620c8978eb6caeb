package org.colo4j.qmp.command;

/**
 * QAPI's flat {@code SocketAddress} as QEMU reports it, e.g. in {@code query-migrate}'s
 * {@code socket-address}: {@code {"type": "inet", "host": "127.0.0.1", "port": "9998", "ipv4": true}}.
 * Only the members that name the address are kept; others ({@code ipv4}, {@code numeric}, ...) are
 * ignored. Members that do not apply to the type are null.
 *
 * @param type {@code inet}, {@code unix}, {@code vsock} or {@code fd}
 * @param host for {@code inet}: the host name or address
 * @param port for {@code inet} and {@code vsock}: the port, a string as QAPI declares it
 * @param path for {@code unix}: the socket's path
 */
public record SocketAddress(String type, String host, String port, String path) {

    /** {@code host:port} for {@code inet}, the path for {@code unix}, else the type. */
    @Override
    public String toString() {
        if ("inet".equals(type)) {
            return (host != null && host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
        if ("unix".equals(type)) {
            return "unix:" + path;
        }
        return String.valueOf(type);
    }
}
