package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live: image files made with the real qemu-img, checked before QEMU would see them. */
class ImageFilesIT {

    private static final long MIB_64 = 64L << 20;

    @TempDir
    Path dir;

    private QemuImg qemuImg;

    @BeforeEach
    void qemuImg() {
        qemuImg = LiveQemu.qemuImg();
    }

    private SecondaryDisk.Builder secondary() {
        return SecondaryDisk.builder(0)
                .parentImage(DiskImage.qcow2(dir.resolve("parent.qcow2")))
                .activeImage(DiskImage.qcow2(dir.resolve("active.qcow2")))
                .hiddenImage(DiskImage.qcow2(dir.resolve("hidden.qcow2")));
    }

    private BlockReplication.Builder spec() {
        return BlockReplication.builder().nbdServer("127.0.0.1", 9999)
                .disk(PrimaryDisk.builder(0).image(DiskImage.qcow2(dir.resolve("primary.qcow2"))), secondary());
    }

    @Test
    void createsActiveAndHiddenOfTheParentsSize() {
        qemuImg.create(dir.resolve("parent.qcow2"), ImageFormat.QCOW2, MIB_64, false);
        long size = qemuImg.createActiveAndHidden(secondary().build(), false);
        assertThat(size).isEqualTo(MIB_64);
        QemuImgInfo active = qemuImg.info(dir.resolve("active.qcow2"));
        assertThat(active.virtualSize()).isEqualTo(MIB_64);
        assertThat(active.imageFormat()).hasValue(ImageFormat.QCOW2);
        assertThat(qemuImg.info(dir.resolve("hidden.qcow2")).virtualSize()).isEqualTo(MIB_64);

        assertThatThrownBy(() -> qemuImg.createActiveAndHidden(secondary().build(), false))
                .isInstanceOf(QemuImgException.class).hasMessageContaining("already exists");
        qemuImg.createActiveAndHidden(secondary().build(), true);
    }

    @Test
    void mismatchedSizesAreReportedWithFilesAndSizes() {
        qemuImg.create(dir.resolve("primary.qcow2"), ImageFormat.QCOW2, MIB_64, false);
        qemuImg.create(dir.resolve("parent.qcow2"), ImageFormat.QCOW2, MIB_64, false);
        qemuImg.create(dir.resolve("active.qcow2"), ImageFormat.QCOW2, 32L << 20, false);
        qemuImg.create(dir.resolve("hidden.qcow2"), ImageFormat.QCOW2, MIB_64, false);

        BlockGraphValidationException e = catchThrowableOfType(BlockGraphValidationException.class,
                () -> spec().inspectImages(qemuImg, Side.PRIMARY, Side.SECONDARY).build());
        System.out.println("colo4j says:\n" + e.getMessage());
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("disks[0].secondary.activeImage");
            assertThat(p.message())
                    .startsWith("the active disk " + dir.resolve("active.qcow2") + " is 32 MiB (33554432 bytes, qemu-img info)"
                            + " but the parent " + dir.resolve("parent.qcow2") + " is 64 MiB (67108864 bytes, qemu-img info);")
                    .contains("Active disk, hidden disk, secondary disk's length are not the same")
                    .endsWith("recreate it with 'qemu-img create -f qcow2 " + dir.resolve("active.qcow2") + " 67108864'");
        });

        // Without inspection, the same spec builds: nothing is declared, so nothing can be compared.
        BlockReplication built = spec().build();
        assertThat(ImageInspection.check(built, qemuImg, Side.SECONDARY)).extracting(Problem::field)
                .containsExactly("disks[0].secondary.activeImage");
    }

    @Test
    void missingFilesWrongFormatsAndWrongDeclaredSizesAreReported() {
        qemuImg.create(dir.resolve("primary.qcow2"), ImageFormat.QCOW2, MIB_64, false);
        qemuImg.create(dir.resolve("parent.qcow2"), ImageFormat.RAW, MIB_64, false);      // declared qcow2
        qemuImg.create(dir.resolve("active.qcow2"), ImageFormat.QCOW2, 32L << 20, false);  // declared 64 MiB
        // hidden.qcow2 is not created
        BlockGraphValidationException e = catchThrowableOfType(BlockGraphValidationException.class,
                () -> BlockReplication.builder().nbdServer("127.0.0.1", 9999)
                        .disk(PrimaryDisk.builder(0).image(DiskImage.qcow2(dir.resolve("primary.qcow2"))),
                                secondary().activeImage(DiskImage.qcow2(dir.resolve("active.qcow2")).withVirtualSize(MIB_64)))
                        .inspectImages(qemuImg, Side.PRIMARY, Side.SECONDARY)
                        .build());
        System.out.println("colo4j says:\n" + e.getMessage());
        assertThat(e.fields()).containsExactly(
                "disks[0].secondary.parentImage", "disks[0].secondary.activeImage", "disks[0].secondary.hiddenImage");
        assertThat(e.problems().get(0).message()).contains("is declared qcow2 but qemu-img reads it as raw");
        assertThat(e.problems().get(1).message()).contains("is declared 64 MiB (67108864 bytes) but the file is 32 MiB");
        assertThat(e.problems().get(2).message()).contains("does not exist").contains("qemu-img create -f qcow2");
    }

    @Test
    void inspectionOfOneSideLeavesTheOtherAlone() {
        qemuImg.create(dir.resolve("primary.qcow2"), ImageFormat.QCOW2, MIB_64, false);
        // no secondary file exists, but only the primary side is inspected
        BlockReplication r = spec().inspectImages(qemuImg, Side.PRIMARY).build();
        assertThat(ImageInspection.check(r, qemuImg, Side.PRIMARY)).isEmpty();
        assertThatThrownBy(() -> ImageInspection.verify(r, qemuImg, Side.SECONDARY))
                .isInstanceOf(BlockGraphValidationException.class)
                .hasMessageStartingWith("Invalid image files on the secondary side (3 problems)");
    }

    @Test
    void infoOfAFileThatIsNoImageFailsWithQemuImgsMessage() throws Exception {
        Path missing = dir.resolve("missing.qcow2");
        QemuImgException e = catchThrowableOfType(QemuImgException.class, () -> qemuImg.info(missing));
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.stderr()).contains("Could not open").contains(missing.toString());
        assertThat(e.command()).contains("info", "--output=json", "-U");

        Path text = Files.writeString(dir.resolve("notes.txt"), "not an image");
        assertThat(qemuImg.info(text).format()).isEqualTo("raw");
    }
}
