package org.colo4j.qmp.command;

import java.util.List;
import java.util.Objects;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code yank}: drops the network connections of the given instances at once, without waiting
 * for TCP timeouts. Since QEMU 6.0; may be sent out-of-band.
 *
 * <p>When a COLO peer vanishes, its NBD connection, proxy chardevs and migration stream can hang;
 * yanking them before {@link XColoLostHeartbeat} lets the failover proceed. QEMU answers
 * {@code DeviceNotFound "Instance not found"} for an instance that does not exist (see
 * {@link QueryYank}).
 *
 * @param instances what to yank
 */
public record Yank(List<YankInstance> instances) implements QmpCommand<Void> {

    public Yank {
        Objects.requireNonNull(instances, "instances");
        instances = List.copyOf(instances);
    }

    /** Yanks the given instances. */
    public static Yank of(YankInstance... instances) {
        return new Yank(List.of(instances));
    }

    @Override
    public String commandName() {
        return "yank";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
