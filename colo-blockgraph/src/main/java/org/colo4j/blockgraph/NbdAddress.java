package org.colo4j.blockgraph;

import java.util.Objects;

/**
 * A TCP address of the secondary's NBD server: where it listens, or where the primary connects.
 * The port is a number (QMP sends it as a string; colo4j converts).
 *
 * <pre>{@code
 * new NbdAddress("127.0.0.2", 9999)
 * }</pre>
 *
 * @param host IP address or host name, e.g. {@code 0.0.0.0} to listen on every interface; IPv6
 *     addresses without brackets (e.g. {@code ::1})
 * @param port TCP port, 1 to 65535 to validate
 */
public record NbdAddress(String host, int port) {

    public NbdAddress {
        Objects.requireNonNull(host, "host");
    }

    /** Whether {@link #host()} means "every interface" ({@code 0.0.0.0}, {@code ::}), useless to connect to. */
    public boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.isEmpty();
    }

    /** {@code host:port}, with IPv6 addresses in brackets. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
