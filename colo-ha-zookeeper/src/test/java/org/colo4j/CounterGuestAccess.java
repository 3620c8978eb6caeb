package org.colo4j;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.qmp.QmpClient;

/**
 * The HA fault scenarios' door to colo-api's {@link CounterGuest} (package-private in colo-api's
 * test-jar): its boot image and its counter, nothing more.
 */
public final class CounterGuestAccess {

    private CounterGuestAccess() {}

    /** A qcow2 of {@code size} bytes that boots the counter guest. */
    public static void writeBootImage(Path image, long size) {
        CounterGuest.writeBootImage(image, ImageFormat.QCOW2, size, QemuImg.onPath());
    }

    /** The counter the guest last wrote, read through the running QEMU's {@code device}; empty before its first write. */
    public static OptionalLong counter(QmpClient qmp, Path log, String device) {
        return CounterGuest.read(qmp, log, device).map(r -> OptionalLong.of(r.counter())).orElse(OptionalLong.empty());
    }
}
