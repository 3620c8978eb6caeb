package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code nbd-server-start}: starts QEMU's built-in NBD server.
 *
 * <p>The COLO secondary serves its disk ({@code parent0}) over NBD so the primary's replication
 * child can write to it. COLO-FT.txt:
 * {@code {"execute": "nbd-server-start", "arguments": {"addr": {"type": "inet", "data": {"host": "0.0.0.0", "port": "9999"}}}}}.
 * Replication traffic is neither encrypted nor authenticated unless {@code tlsCreds} is set.
 *
 * @param addr where to listen
 * @param tlsCreds id of a {@code tls-creds-*} object (QMP {@code tls-creds}); nullable
 * @param tlsAuthz id of an authorization object (QMP {@code tls-authz}, since 4.0); nullable
 * @param maxConnections the most clients at once, 0 for no limit (QMP {@code max-connections},
 *     since 5.2); nullable
 */
@JsonPropertyOrder({"addr", "tls-creds", "tls-authz", "max-connections"})
public record NbdServerStart(
        SocketAddressLegacy addr,
        @JsonProperty("tls-creds") String tlsCreds,
        @JsonProperty("tls-authz") String tlsAuthz,
        @JsonProperty("max-connections") Integer maxConnections) implements QmpCommand<Void> {

    public NbdServerStart {
        Objects.requireNonNull(addr, "addr");
        Args.optionalText(tlsCreds, "tlsCreds");
        Args.optionalText(tlsAuthz, "tlsAuthz");
        if (maxConnections != null && maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must not be negative (0 means no limit), got " + maxConnections);
        }
    }

    /** A plain server on {@code addr}, without TLS or connection limit. */
    public static NbdServerStart of(SocketAddressLegacy addr) {
        return new NbdServerStart(addr, null, null, null);
    }

    @Override
    public String commandName() {
        return "nbd-server-start";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
