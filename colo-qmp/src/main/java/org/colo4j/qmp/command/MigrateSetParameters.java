package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.util.Objects;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code migrate-set-parameters}: sets migration parameters; null components are left unchanged.
 *
 * <p>For COLO the one that matters is {@code x-checkpoint-delay} (unstable): the interval between
 * periodic checkpoints in milliseconds (QEMU's default is 20000). COLO-FT.txt:
 * {@code {"execute": "migrate-set-parameters", "arguments": {"x-checkpoint-delay": 2000}}}.
 * It can be changed while COLO runs.
 *
 * @param xCheckpointDelay milliseconds between COLO checkpoints (QMP {@code x-checkpoint-delay})
 * @param maxBandwidth bytes per second the migration may use (QMP {@code max-bandwidth})
 * <p>TLS on the migration stream: {@code tls-creds} names a {@code tls-creds-*} object, with
 * {@code endpoint=client} on the source and {@code endpoint=server} on the destination (set there
 * before {@code migrate-incoming}); {@code tls-hostname} is what the source checks the destination's
 * certificate against (by default the host of the {@code migrate} URI).
 *
 * @param downtimeLimit the longest tolerated downtime in milliseconds (QMP {@code downtime-limit})
 * @param tlsCreds id of the TLS credentials object (QMP {@code tls-creds}); nullable
 * @param tlsHostname the name the destination's certificate must hold (QMP {@code tls-hostname}); nullable
 */
@JsonPropertyOrder({"x-checkpoint-delay", "max-bandwidth", "downtime-limit", "tls-creds", "tls-hostname"})
public record MigrateSetParameters(
        @JsonProperty("x-checkpoint-delay") Long xCheckpointDelay,
        @JsonProperty("max-bandwidth") Long maxBandwidth,
        @JsonProperty("downtime-limit") Long downtimeLimit,
        @JsonProperty("tls-creds") String tlsCreds,
        @JsonProperty("tls-hostname") String tlsHostname) implements QmpCommand<Void> {

    public MigrateSetParameters {
        Args.notNegative(xCheckpointDelay, "xCheckpointDelay");
        Args.notNegative(maxBandwidth, "maxBandwidth");
        Args.notNegative(downtimeLimit, "downtimeLimit");
        Args.optionalText(tlsCreds, "tlsCreds");
        Args.optionalText(tlsHostname, "tlsHostname");
    }

    /** The parameters without TLS ones (left unchanged). */
    public MigrateSetParameters(Long xCheckpointDelay, Long maxBandwidth, Long downtimeLimit) {
        this(xCheckpointDelay, maxBandwidth, downtimeLimit, null, null);
    }

    /**
     * Sets only the TLS parameters: {@code tls-creds} and, when not null, {@code tls-hostname} (the
     * source's check of the destination's certificate).
     */
    public static MigrateSetParameters tls(String tlsCreds, String tlsHostname) {
        return new MigrateSetParameters(null, null, null, Objects.requireNonNull(tlsCreds, "tlsCreds"), tlsHostname);
    }

    /**
     * Sets only the COLO checkpoint interval, sent in whole milliseconds.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static MigrateSetParameters checkpointDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("checkpoint delay must not be negative, got " + delay);
        }
        return new MigrateSetParameters(delay.toMillis(), null, null);
    }

    @Override
    public String commandName() {
        return "migrate-set-parameters";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
