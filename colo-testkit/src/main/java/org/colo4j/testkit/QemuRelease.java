package org.colo4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpGreeting;

/**
 * What a fake node answers differently per QEMU release. Measured on Debian's builds 7.2.22
 * (bookworm), 10.0.13 (trixie) and 11.1.3 (sid) by {@code FakeMatchesQemuIT}; the release where each
 * answer changed is taken from QEMU's source and {@code docs/about/removed-features.rst}, and is not
 * measured for the releases in between.
 */
final class QemuRelease {

    /** The package strings of the Debian builds the fake was compared with, by version. */
    private static final Map<QemuVersion, String> DEBIAN_PACKAGES = Map.of(
            QemuVersion.of(7, 2, 22), "Debian 1:7.2+dfsg-7+deb12u18+b3",
            QemuVersion.of(10, 0, 13), "Debian 1:10.0.13+ds-0+deb13u1",
            QemuVersion.of(11, 1, 3), "Debian 1:11.1.3+ds-1");

    /**
     * The first release that refuses {@code x-colo} without {@code return-path}: 11.1.3 refuses it,
     * 10.2.2 has no such check in {@code migration/options.c}; 11.0.x was not available to check, so
     * this follows colo4j's {@code ColoDialect} in assuming 11.0.
     */
    static final QemuVersion RETURN_PATH_REQUIRED_SINCE = QemuVersion.of(11, 0, 0);

    private final QemuVersion version;

    private QemuRelease(QemuVersion version) {
        this.version = version;
    }

    static QemuRelease of(QemuVersion version) {
        return new QemuRelease(version);
    }

    /** The versions whose Debian build the fake was compared with, oldest first. */
    static List<QemuVersion> measured() {
        return DEBIAN_PACKAGES.keySet().stream().sorted().toList();
    }

    /**
     * The greeting: the Debian build's package string where the fake was compared with one, else
     * empty (as an upstream build sends); OOB offered, as the three measured builds do.
     */
    QmpGreeting greeting() {
        return new QmpGreeting(version, DEBIAN_PACKAGES.getOrDefault(version, ""), List.of("oob"));
    }

    /**
     * Whether {@code query-status} still has {@code singlestep}: deprecated in 8.1, removed in 9.0
     * with the HMP command and the {@code -singlestep} option (10.0.13 and 11.1.3 leave it out).
     */
    boolean statusHasSinglestep() {
        return !version.isAtLeast(9, 0);
    }

    /**
     * {@code x-colo-lost-heartbeat} on a node not in COLO: QEMU 8.0 replaced the generic
     * "feature disabled" error (commit "migration: Drop QERR_FEATURE_DISABLED usage", Feb. 2023).
     */
    String notInColoError() {
        return version.isAtLeast(8, 0) ? "VM is not in COLO mode" : "The feature 'colo' is not enabled";
    }

    /**
     * {@code migrate} or {@code migrate-incoming} without {@code uri}: before 8.2 the QAPI visitor's
     * "missing"; 8.2 added {@code channels} with its own message, which 9.0 shortened.
     */
    String missingUriError(String command) {
        if (version.isAtLeast(9, 0)) {
            return "need either 'uri' or 'channels' argument";
        }
        if (version.isAtLeast(8, 2)) {
            return "neither 'uri' or 'channels' argument are specified in '" + command + "' qmp command ";
        }
        return "Parameter 'uri' is missing";
    }

    /**
     * Whether {@code migrate} and {@code migrate-incoming} take {@code channels} (since 8.2), which
     * makes {@code uri} optional in the schema: its absence is then found after the state checks.
     */
    boolean migrationChannels() {
        return version.isAtLeast(8, 2);
    }

    /** The arguments {@code migrate} takes: {@code channels} since 8.2; {@code blk} and {@code inc} until 9.1 removed them. */
    List<String> migrateArguments() {
        List<String> out = new ArrayList<>(List.of("uri", "detach", "resume"));
        if (migrationChannels()) {
            out.add("channels");
        }
        if (!version.isAtLeast(9, 1)) {
            out.addAll(List.of("blk", "inc"));
        }
        return out;
    }

    /**
     * The migration capabilities in {@code query-migrate-capabilities} order: 7.2's list, with
     * {@code switchover-ack} and {@code dirty-limit} added in 8.1, {@code mapped-ram} in 9.0,
     * {@code compress} and {@code block} removed in 9.1, {@code zero-blocks} gone by 11.1.3 (present
     * in 10.0.13; assumed removed in 11.0).
     */
    List<String> migrationCapabilities() {
        List<String> out = new ArrayList<>();
        for (String c : List.of("xbzrle", "rdma-pin-all", "auto-converge", "zero-blocks", "compress", "events",
                "postcopy-ram", "x-colo", "release-ram", "block", "return-path", "pause-before-switchover", "multifd",
                "dirty-bitmaps", "postcopy-blocktime", "late-block-activate", "x-ignore-shared", "validate-uuid",
                "background-snapshot", "zero-copy-send", "postcopy-preempt", "switchover-ack", "dirty-limit",
                "mapped-ram")) {
            boolean present = switch (c) {
                case "zero-blocks" -> !version.isAtLeast(11, 0);
                case "compress", "block" -> !version.isAtLeast(9, 1);
                case "switchover-ack", "dirty-limit" -> version.isAtLeast(8, 1);
                case "mapped-ram" -> version.isAtLeast(9, 0);
                default -> true;
            };
            if (present) {
                out.add(c);
            }
        }
        return out;
    }

    /** Whether {@code x-colo} needs {@code return-path} on too (checked on the capabilities as they would be after the command). */
    boolean xColoRequiresReturnPath() {
        return version.compareTo(RETURN_PATH_REQUIRED_SINCE) >= 0;
    }

    /** Chardev socket {@code reconnect} (seconds): removed in 10.2. */
    boolean chardevReconnect() {
        return !version.isAtLeast(10, 2);
    }

    /** Chardev socket {@code reconnect-ms}: since 9.2. */
    boolean chardevReconnectMs() {
        return version.isAtLeast(9, 2);
    }

    /**
     * What this release prints when refusing {@code argv} at start-up, for the option spellings that
     * differ per release (chardev {@code reconnect}/{@code reconnect-ms}), e.g.
     * {@code -chardev socket,id=red0,...,reconnect=1: Invalid parameter 'reconnect'}; null if it starts.
     */
    String argvError(List<String> argv) {
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (!argv.get(i).equals("-chardev")) {
                continue;
            }
            String value = argv.get(i + 1);
            for (String option : value.split(",")) {
                String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
                if ((name.equals("reconnect") && !chardevReconnect()) || (name.equals("reconnect-ms") && !chardevReconnectMs())) {
                    return "qemu-system-x86_64: -chardev " + value + ": Invalid parameter '" + name + "'";
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "QemuRelease[" + version + "]";
    }
}
