package org.colo4j;

import java.util.Optional;
import org.colo4j.qmp.QemuVersion;

/** QEMU releases on which COLO is known not to work, with the reason. */
final class KnownQemuIssues {

    private KnownQemuIssues() {}

    /**
     * Releases with commit 4881411136 ("precopy" completes without entering COLO) but not its fix
     * 0b5bf4ea76: 10.0.0 to 10.0.6 and 10.1.0 to 10.1.2. The fix shipped in 10.0.7 (2025-12-06) and
     * 10.1.3 (2025-12-07), per their release announcements.
     */
    static boolean lacksColoTransitionFix(QemuVersion v) {
        return v.major() == 10 && ((v.minor() == 0 && v.micro() < 7) || (v.minor() == 1 && v.micro() < 3));
    }

    /** Why COLO cannot work on {@code version}, if it is known not to. */
    static Optional<String> coloBroken(QemuVersion version) {
        if (lacksColoTransitionFix(version)) {
            return Optional.of("QEMU " + version + " never enters COLO: migrate with x-colo completes as a plain migration"
                    + " (upstream regression from commit 4881411136, fixed by commit 0b5bf4ea76 in the stable releases"
                    + " 10.0.7 and 10.1.3); upgrade to one of those or later, or use 9.2");
        }
        if (!version.isAtLeast(5, 0)) {
            return Optional.of("QEMU " + version + " lacks netfilter insert/position (5.0), which resuming replication"
                    + " after a secondary failover needs; use 5.0 or later");
        }
        return Optional.empty();
    }
}
