package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * The {@code data} of a {@code socket} chardev backend (QAPI {@code ChardevSocket}).
 *
 * <p>COLO's proxy links are such chardevs: {@code mirror0}, {@code compare1}, {@code compare0},
 * {@code compare_out} listen ({@code server: true}), {@code compare0-0} and {@code compare_out0}
 * connect ({@code server: false}). Unlike the command line, QMP's {@code wait} defaults to false.
 * A client may reconnect after a lost connection: {@code reconnect} (seconds) until QEMU 9.2
 * deprecated it for {@code reconnect-ms} (milliseconds, since 9.2).
 *
 * @param addr the address to listen on or connect to
 * @param server whether to listen; nullable (QMP default: connect)
 * @param waitForClient for a server, whether chardev-add blocks until a client connects (QMP
 *     {@code wait}; a record component cannot be called {@code wait}); nullable
 * @param nodelay whether to set {@code TCP_NODELAY}; nullable
 * @param reconnect for a client, seconds between reconnection attempts; nullable
 * @param reconnectMs for a client, milliseconds between reconnection attempts (QMP
 *     {@code reconnect-ms}, QEMU 9.2 and later); nullable
 * @param tlsCreds id of a {@code tls-creds-*} object (QMP {@code tls-creds}); nullable
 */
@JsonPropertyOrder({"addr", "server", "wait", "nodelay", "reconnect", "reconnect-ms", "tls-creds"})
public record ChardevSocket(
        SocketAddressLegacy addr,
        Boolean server,
        @JsonProperty("wait") Boolean waitForClient,
        Boolean nodelay,
        Long reconnect,
        @JsonProperty("reconnect-ms") Long reconnectMs,
        @JsonProperty("tls-creds") String tlsCreds) {

    public ChardevSocket {
        Objects.requireNonNull(addr, "addr");
        Args.notNegative(reconnect, "reconnect");
        Args.notNegative(reconnectMs, "reconnectMs");
        Args.optionalText(tlsCreds, "tlsCreds");
        if (reconnect != null && reconnectMs != null) {
            throw new IllegalArgumentException("give reconnect (seconds, QEMU < 9.2) or reconnectMs (QEMU >= 9.2), not both");
        }
        if (Boolean.TRUE.equals(server) && (reconnect != null || reconnectMs != null)) {
            throw new IllegalArgumentException("reconnect/reconnectMs apply to client sockets only; drop them or set server=false");
        }
    }

    /** A listening socket, as COLO-FT.txt adds them: {@code {"addr": ..., "server": true}}. */
    public static ChardevSocket server(SocketAddressLegacy addr) {
        return new ChardevSocket(addr, true, null, null, null, null, null);
    }

    /** A connecting socket: {@code {"addr": ..., "server": false}}. */
    public static ChardevSocket client(SocketAddressLegacy addr) {
        return new ChardevSocket(addr, false, null, null, null, null, null);
    }
}
