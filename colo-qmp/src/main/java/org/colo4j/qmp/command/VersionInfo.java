package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.colo4j.qmp.QemuVersion;

/**
 * The reply to {@link QueryVersion}:
 * {@code {"qemu": {"major": 7, "minor": 2, "micro": 22}, "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}}.
 *
 * @param qemu the version triple
 * @param packageName the distribution's package string (QMP member {@code package}); may be empty
 *     for a QEMU built from source
 */
public record VersionInfo(QemuVersion qemu, @JsonProperty("package") String packageName) {}
