package org.colo4j.qmp;

import java.util.List;
import java.util.Objects;

/**
 * The greeting QEMU sends when a QMP connection opens:
 * {@code {"QMP": {"version": {"qemu": {...}, "package": "..."}, "capabilities": ["oob"]}}}.
 *
 * @param version the QEMU version
 * @param packageName the distribution's package string, e.g. {@code Debian 1:7.2+dfsg-7+deb12u18}; may be empty
 * @param capabilities the capabilities QEMU offers, e.g. {@code [oob]}
 */
public record QmpGreeting(QemuVersion version, String packageName, List<String> capabilities) {

    public QmpGreeting {
        Objects.requireNonNull(version, "version");
        packageName = packageName == null ? "" : packageName;
        capabilities = List.copyOf(capabilities);
    }

    /** Whether QEMU offered out-of-band execution. */
    public boolean offersOob() {
        return capabilities.contains("oob");
    }

    @Override
    public String toString() {
        return "QEMU " + version + (packageName.isEmpty() ? "" : " (" + packageName.strip() + ")")
                + " capabilities=" + capabilities;
    }
}
