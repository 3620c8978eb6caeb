package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counter guest's boot sector is laid out as its listing says; no QEMU needed. */
class CounterGuestTest {

    private static final int ORIGIN = 0x7C00;

    @TempDir
    Path dir;

    private final byte[] sector = CounterGuest.bootSector();

    @Test
    void isOneSectorWithTheBootSignature() {
        assertThat(sector).hasSize(512);
        assertThat(sector[510]).isEqualTo((byte) 0x55);
        assertThat(sector[511]).isEqualTo((byte) 0xAA);
        assertThat(sector[0]).as("starts with cli").isEqualTo((byte) 0xFA);
        assertThat(Arrays.copyOfRange(sector, CounterGuest.DAP_AT + 16, 510)).as("nothing between the packet and the signature")
                .containsOnly(0);
    }

    @Test
    void codeFindsTheMagicTheDriveAndThePacketWhereTheyAre() {
        assertThat(Arrays.copyOfRange(sector, CounterGuest.MAGIC_AT, CounterGuest.MAGIC_AT + 8)).isEqualTo(CounterGuest.MAGIC);
        assertThat(u16(0x1F)).as("mov si, magic").isEqualTo(ORIGIN + CounterGuest.MAGIC_AT);
        assertThat(u16(0x13)).as("mov [drive], dl").isEqualTo(ORIGIN + CounterGuest.DRIVE_AT);
        assertThat(u16(0x3A)).as("mov dl, [drive]").isEqualTo(ORIGIN + CounterGuest.DRIVE_AT);
        assertThat(u16(0x36)).as("mov si, dap").isEqualTo(ORIGIN + CounterGuest.DAP_AT);
        assertThat(u16(0x31)).as("mov word [dap+2], 1").isEqualTo(ORIGIN + CounterGuest.DAP_AT + 2);
        assertThat(u16(0x33)).isEqualTo(1);
    }

    @Test
    void diskAddressPacketWritesOneSectorFromTheBufferToTheCounterLba() {
        int dap = CounterGuest.DAP_AT;
        assertThat(sector[dap]).as("packet size").isEqualTo((byte) 0x10);
        assertThat(u16(dap + 2)).as("sectors").isEqualTo(1);
        assertThat(u16(dap + 4)).as("buffer offset").isEqualTo(CounterGuest.BUFFER);
        assertThat(u16(dap + 6)).as("buffer segment").isZero();
        long lba = 0;
        for (int i = 7; i >= 0; i--) {
            lba = (lba << 8) | (sector[dap + 8 + i] & 0xff);
        }
        assertThat(lba).isEqualTo(CounterGuest.COUNTER_LBA);
        assertThat(CounterGuest.COUNTER_OFFSET).as("32 MiB, away from the low offsets tests write patterns to")
                .isEqualTo(32L << 20);
    }

    @Test
    void loopIncrementsWritesThroughInt13hAh43AndHalts() {
        assertThat(u16(0x2D)).as("inc dword [BUF+8]").isEqualTo(CounterGuest.BUFFER + 8);
        assertThat(Arrays.copyOfRange(sector, 0x2A, 0x2D)).as("32-bit inc").containsExactly(0x66, 0xFF, 0x06);
        assertThat(Arrays.copyOfRange(sector, 0x3C, 0x41)).as("mov ax, 0x4300; int 0x13")
                .containsExactly(0xB8, 0x00, 0x43, 0xCD, 0x13);
        assertThat(u16(0x45)).as("inc word [BUF+12]").isEqualTo(CounterGuest.BUFFER + 12);
        assertThat(jumpTarget(0x41)).as("jnc lands on sti; hlt").isEqualTo(0x47);
        assertThat(Arrays.copyOfRange(sector, 0x47, 0x49)).containsExactly(0xFB, 0xF4);
        assertThat(sector[0x49]).isEqualTo((byte) 0xEB);
        assertThat(jumpTarget(0x49)).as("jmp next lands on the increment").isEqualTo(0x2A);
        assertThat(sector[0x0C]).as("far jmp").isEqualTo((byte) 0xEA);
        assertThat(u16(0x0D) - ORIGIN).as("far jmp lands on init").isEqualTo(0x11);
        assertThat(u16(0x0F)).as("segment 0").isZero();
        assertThat(sector[0x11]).as("init: mov [drive], dl").isEqualTo((byte) 0x88);
    }

    @Test
    void bootSectorIsAFreshCopyEachTime() {
        sector[0] = 0;
        assertThat(CounterGuest.bootSector()[0]).isEqualTo((byte) 0xFA);
    }

    @Test
    void parseReadsMagicCounterAndFailedWrites() {
        byte[] head = new byte[16];
        assertThat(CounterGuest.parse(head)).as("all zero: not written yet").isEmpty();
        System.arraycopy(CounterGuest.MAGIC, 0, head, 0, 8);
        head[8] = (byte) 0xff;
        head[9] = (byte) 0xff;
        head[10] = (byte) 0xff;
        head[11] = (byte) 0xfe;
        head[12] = 3;
        head[13] = 1;
        assertThat(CounterGuest.parse(head)).contains(new CounterGuest.Reading(0xfeffffffL, 0x103));
        head[0] = (byte) 0xab;
        assertThatThrownBy(() -> CounterGuest.parse(head)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not start with COLO4JCT").hasMessageContaining("ab 4f 4c");
    }

    @Test
    void rawImageIsSparseWithTheBootSectorFirst() throws Exception {
        Path image = dir.resolve("guest.raw");
        Files.write(image, new byte[] {1, 2, 3});
        CounterGuest.writeBootImage(image, ImageFormat.RAW, 64L << 20, QemuImg.at(Path.of("/nonexistent/qemu-img")));
        assertThat(Files.size(image)).isEqualTo(64L << 20);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            byte[] first = new byte[512];
            f.readFully(first);
            assertThat(first).isEqualTo(CounterGuest.bootSector());
            byte[] counter = new byte[16];
            f.seek(CounterGuest.COUNTER_OFFSET);
            f.readFully(counter);
            assertThat(CounterGuest.parse(counter)).isEmpty();
        }
    }

    @Test
    void imageTooSmallForTheCounterSectorIsRefused() {
        QemuImg none = QemuImg.at(Path.of("/nonexistent/qemu-img"));
        assertThatThrownBy(() -> CounterGuest.writeBootImage(dir.resolve("a.raw"), ImageFormat.RAW, 16L << 20, none))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least " + CounterGuest.MIN_DISK_SIZE);
        assertThatThrownBy(() -> CounterGuest.writeBootImage(dir.resolve("b.raw"), ImageFormat.RAW, (64L << 20) + 1, none))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 512");
    }

    private int u16(int at) {
        return (sector[at] & 0xff) | (sector[at + 1] & 0xff) << 8;
    }

    /** Where a two-byte short jump at {@code at} lands. */
    private int jumpTarget(int at) {
        return at + 2 + sector[at + 1];
    }
}
