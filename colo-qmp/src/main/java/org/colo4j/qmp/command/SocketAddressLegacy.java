package org.colo4j.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * QAPI's {@code SocketAddressLegacy}: a socket address wrapped as {@code {"type": ..., "data": {...}}},
 * the form {@code nbd-server-start} and {@code chardev-add}'s socket backend take.
 *
 * <p>Note that the port is a JSON string, as QAPI's {@code InetSocketAddress} declares it:
 * {@code {"type": "inet", "data": {"host": "0.0.0.0", "port": "9999"}}}. ({@code blockdev-add}'s
 * NBD client uses the flat {@code SocketAddress} instead, without {@code data}.)
 *
 * @param type {@code inet}, {@code unix}, {@code vsock} or {@code fd}
 * @param data the address members for that type; copied
 */
public record SocketAddressLegacy(String type, JsonNode data) {

    public SocketAddressLegacy {
        Args.text(type, "type");
        Objects.requireNonNull(data, "data");
        if (!data.isObject()) {
            throw new IllegalArgumentException("data must be a JSON object such as {\"path\": \"/run/x.sock\"}, got " + data);
        }
        data = data.deepCopy();
    }

    /**
     * A TCP address: {@code {"type": "inet", "data": {"host": host, "port": "port"}}}.
     *
     * @param host a host name or address, e.g. {@code 0.0.0.0} to listen on all IPv4 addresses
     * @param port 0..65535 (0 lets a listener pick a free port)
     */
    public static SocketAddressLegacy inet(String host, int port) {
        Args.text(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, got " + port);
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("host", host);
        data.put("port", Integer.toString(port));
        return new SocketAddressLegacy("inet", data);
    }

    /** A unix-domain socket address: {@code {"type": "unix", "data": {"path": path}}}. */
    public static SocketAddressLegacy unix(String path) {
        Args.text(path, "path");
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("path", path);
        return new SocketAddressLegacy("unix", data);
    }

    /** A copy of the address members. */
    @Override
    public JsonNode data() {
        return data.deepCopy();
    }
}
