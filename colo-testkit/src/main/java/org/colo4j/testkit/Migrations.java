package org.colo4j.testkit;

import java.util.ArrayList;
import java.util.List;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.RunState;

/**
 * {@code migrate} in the COLO model: a COLO start (with {@code x-colo}), a plain migration, or a
 * failure, with the events QEMU 7.2 sends on both nodes.
 */
final class Migrations {

    private Migrations() {}

    static void migrate(ColoNodeModel src, String uri, Effects fx) {
        if (src.runState == RunState.INMIGRATE) {
            throw QmpError.generic("Guest is waiting for an incoming migration");
        }
        if (src.migration == MigrationStatus.COLO) {
            throw QmpError.generic("duplicate yank instance");
        }
        if (src.migration == MigrationStatus.SETUP || src.migration == MigrationStatus.ACTIVE) {
            throw QmpError.generic("There's a migration process in progress");
        }
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? "" : uri.substring(0, colon);
        if (!List.of("tcp", "unix", "exec", "fd", "rdma").contains(scheme)) {
            throw QmpError.generic("Parameter 'uri' expects a valid migration protocol");
        }
        String[] hp = scheme.equals("tcp") ? hostPort(uri.substring(4)) : null;
        ColoNodeModel target = null;
        boolean virtualTarget = false;
        if (hp != null) {
            ColoNodeModel peer = src.peerModel();
            if (peer == null) {
                virtualTarget = true;
            } else if (peer.alive && !src.linkCut && peer.listensOn(hp[0], hp[1])) {
                target = peer;
            } else {
                fail(src, "Failed to connect to '" + hp[0] + ":" + hp[1] + "': "
                        + (src.linkCut ? "Connection timed out" : "Connection refused"), fx);
                return;
            }
        }
        boolean wasRunning = src.runState == RunState.RUNNING;
        src.migrationPass = 0;
        src.outgoing = true;
        src.migrationEvent(fx.before, MigrationStatus.SETUP);
        src.passEvent(fx.after);
        src.migrationEvent(fx.after, MigrationStatus.ACTIVE);
        boolean colo = src.capability("x-colo") && (target != null || virtualTarget)
                && !regression(src) && (target == null || !regression(target));
        if (colo && target != null && target.version.isAtLeast(8, 0) && !target.capability("x-colo")) {
            target.print("qemu-system-x86_64: ENABLE_COLO command come in migration stream, but x-colo capability is not"
                    + " set\nqemu-system-x86_64: load of migration failed: Invalid argument\n");
            src.migrationEvent(fx.after, MigrationStatus.FAILED);
            src.migration = MigrationStatus.FAILED;
            src.migrationError = null;
            target.alive = false;
            FakeColoNode dying = target.owner;
            fx.run(dying::kill);
            return;
        }
        if (wasRunning) {
            fx.after.add(FakeEvents.of("STOP"));
        }
        src.passEvent(fx.after);
        if (colo) {
            src.migrationEvent(fx.after, MigrationStatus.COLO);
            fx.after.add(FakeEvents.of("RESUME"));
            src.migration = MigrationStatus.COLO;
            src.mode = ColoMode.PRIMARY;
            src.runState = RunState.RUNNING;
            resetColo(src);
            if (target != null) {
                arrive(target, MigrationStatus.COLO, fx);
                target.mode = ColoMode.SECONDARY;
                resetColo(target);
            }
            return;
        }
        src.migrationEvent(fx.after, MigrationStatus.COMPLETED);
        src.migration = MigrationStatus.COMPLETED;
        src.runState = RunState.POSTMIGRATE;
        if (target != null) {
            arrive(target, MigrationStatus.COMPLETED, fx);
        }
    }

    /** The incoming side of a migration that ended in {@code status}: its events, then it runs. */
    private static void arrive(ColoNodeModel target, MigrationStatus status, Effects fx) {
        List<QmpEvent> t = new ArrayList<>();
        target.migrationEvent(t, MigrationStatus.ACTIVE);
        target.migrationEvent(t, status);
        t.add(FakeEvents.of("RESUME"));
        for (QmpEvent e : t) {
            fx.send(target.owner, e);
        }
        target.migration = status;
        target.outgoing = false;
        target.runState = RunState.RUNNING;
    }

    private static void resetColo(ColoNodeModel m) {
        m.failover = ColoNodeModel.Failover.NONE;
        m.exitReported = false;
        m.linkBroken = false;
        m.peerLeftAlive = false;
        m.checkpoints = 0;
        m.pending.clear();
    }

    /**
     * QEMU 10.0.0-10.0.6 and 10.1.0-10.1.2 (commit 4881411136 without its fix 0b5bf4ea76, shipped in
     * 10.0.7 and 10.1.3): a migration with x-colo completes as a plain one and COLO never starts.
     */
    private static boolean regression(ColoNodeModel m) {
        QemuVersion v = m.version;
        return v.major() == 10 && ((v.minor() == 0 && v.micro() < 7) || (v.minor() == 1 && v.micro() < 3));
    }

    private static void fail(ColoNodeModel src, String error, Effects fx) {
        src.outgoing = true;
        src.migrationEvent(fx.before, MigrationStatus.SETUP);
        src.migrationEvent(fx.after, MigrationStatus.FAILED);
        src.migration = MigrationStatus.FAILED;
        src.migrationError = error;
        src.print("qemu-system-x86_64: " + error + "\n");
    }

    /** {@code host:port} (IPv6 hosts in brackets) as {host, port}. */
    static String[] hostPort(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return new String[] {address, ""};
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, address.substring(colon + 1)};
    }
}
