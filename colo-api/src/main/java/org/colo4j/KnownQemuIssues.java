package org.colo4j;

import java.util.Optional;
import org.colo4j.qmp.QemuVersion;

/** QEMU releases on which COLO is known not to work, with the reason. */
final class KnownQemuIssues {

    private KnownQemuIssues() {}

    /** Why COLO cannot work on {@code version}, if it is known not to. */
    static Optional<String> coloBroken(QemuVersion version) {
        if (version.major() == 10 && (version.minor() == 0 || (version.minor() == 1 && version.micro() == 0))) {
            return Optional.of("QEMU " + version + " never enters COLO: migrate with x-colo completes as a plain migration"
                    + " (upstream regression from commit 4881411136, fixed by commit 0b5bf4ea76); use 9.2 or a build"
                    + " that contains the fix");
        }
        if (!version.isAtLeast(5, 0)) {
            return Optional.of("QEMU " + version + " lacks netfilter insert/position (5.0), which resuming replication"
                    + " after a secondary failover needs; use 5.0 or later");
        }
        return Optional.empty();
    }
}
