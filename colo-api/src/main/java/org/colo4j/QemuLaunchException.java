package org.colo4j;

/**
 * A QEMU process could not be started, exited during start-up, or did not open its QMP socket in
 * time. The message quotes the end of QEMU's own output, which usually names the bad option.
 */
public class QemuLaunchException extends ColoException {

    public QemuLaunchException(String message) {
        super(message);
    }

    public QemuLaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
