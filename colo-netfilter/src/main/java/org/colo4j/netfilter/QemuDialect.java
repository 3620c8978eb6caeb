package org.colo4j.netfilter;

import java.time.Duration;
import java.util.List;
import org.colo4j.qmp.QemuVersion;

/** The version-dependent spellings the proxy needs, shared by the argv renderer and the QMP plans. */
final class QemuDialect {

    private final QemuVersion version;

    QemuDialect(QemuVersion version) {
        this.version = version;
    }

    QemuVersion version() {
        return version;
    }

    /**
     * Chardev reconnect: {@code reconnect} (seconds) before 9.2, {@code reconnect-ms} since 9.2, where
     * {@code reconnect} was deprecated ({@code qapi/char.json}: "Since: 9.2"); 10.2 removed
     * {@code reconnect} (its {@code docs/about/removed-features.rst}), so it is never sent from 9.2 on.
     */
    boolean reconnectInMillis() {
        return version.isAtLeast(9, 2);
    }

    /** object-add takes its properties flat since 6.0; before, nested in {@code props}. */
    boolean flatObjectAdd() {
        return version.isAtLeast(6, 0);
    }

    /** Net filter {@code insert}/{@code position} exist since 5.0. */
    boolean filterPlacement() {
        return version.isAtLeast(5, 0);
    }

    /** The reconnect value to send for {@code c} in this dialect's unit. */
    long reconnectValue(SocketChardev c, String field) {
        Duration d = c.reconnect();
        if (reconnectInMillis()) {
            return d.toMillis();
        }
        if (d.toMillis() % 1000 != 0) {
            throw new NetfilterValidationException(List.of(Problem.error(field, "QEMU " + version + " takes chardev "
                    + "reconnect in whole seconds but " + c.id() + " asks for " + d.toMillis() + " ms; use whole "
                    + "seconds (reconnect-ms exists since QEMU 9.2)")));
        }
        return d.toSeconds();
    }

    /** Throws when {@code f} is placed but this QEMU has no insert/position. */
    void requirePlacement(NetFilter f, String field) {
        if (f.placement() != null && !filterPlacement()) {
            throw new NetfilterValidationException(List.of(Problem.error(field, "QEMU " + version + " has no net "
                    + "filter insert/position (since 5.0), so " + f.id() + " cannot go " + f.placement()
                    + "; upgrade QEMU to 5.0 or later")));
        }
    }
}
