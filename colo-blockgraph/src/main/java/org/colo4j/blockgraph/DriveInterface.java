package org.colo4j.blockgraph;

/**
 * The {@code if=} of the quorum's {@code -drive}: how the guest sees the COLO disk.
 *
 * <p>COLO-FT.txt uses {@link #IDE}. With {@link #NONE} no device is created; attach one yourself
 * with {@code -device ...,drive=<quorum id>}.
 */
public enum DriveInterface {
    /** {@code if=ide}, as in COLO-FT.txt (needs a machine with an IDE bus, e.g. pc or q35). */
    IDE("ide"),
    /** {@code if=none}: no guest device; add a {@code -device} yourself. */
    NONE("none"),
    /** {@code if=virtio}: a virtio-blk device. */
    VIRTIO("virtio"),
    /** {@code if=scsi}: a SCSI disk on the machine's default SCSI controller. */
    SCSI("scsi");

    private final String qemuName;

    DriveInterface(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The value of {@code if=}. */
    public String qemuName() {
        return qemuName;
    }

    @Override
    public String toString() {
        return qemuName;
    }
}
