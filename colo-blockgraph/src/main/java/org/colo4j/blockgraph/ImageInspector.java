package org.colo4j.blockgraph;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the image files of some sides of a pair with qemu-img and reports what would break. */
final class ImageInspector {

    private final QemuImg qemuImg;
    private final Set<Side> sides;

    ImageInspector(QemuImg qemuImg, Set<Side> sides) {
        this.qemuImg = qemuImg;
        this.sides = Set.copyOf(sides);
    }

    /**
     * Inspects the images of one pair on the inspected sides; reports missing files, wrong formats
     * and declared sizes that differ from the file.
     *
     * @param pair problems under {@code disks[i].}
     * @return the sizes read from files whose size was not declared, for {@link SizeRule}
     */
    List<SizeRule.Sized> inspect(Problems pair, DiskPair d) {
        List<SizeRule.Sized> sizes = new ArrayList<>();
        if (sides.contains(Side.SECONDARY)) {
            SecondaryDisk s = d.secondary();
            inspect(pair, sizes, "secondary.parentImage", SizeRule.Role.PARENT, s.parentImage(), s.parentImage());
            inspect(pair, sizes, "secondary.activeImage", SizeRule.Role.ACTIVE, s.activeImage(), s.parentImage());
            inspect(pair, sizes, "secondary.hiddenImage", SizeRule.Role.HIDDEN, s.hiddenImage(), s.parentImage());
        }
        if (sides.contains(Side.PRIMARY)) {
            PrimaryDisk p = d.primary();
            inspect(pair, sizes, "primary.image", SizeRule.Role.PRIMARY_IMAGE, p.image(), null);
        }
        return sizes;
    }

    private void inspect(Problems p, List<SizeRule.Sized> sizes, String field, SizeRule.Role role, DiskImage image,
            DiskImage parent) {
        if (image == null || image.path().toString().isEmpty()) {
            return; // already reported as missing
        }
        if (!Files.exists(image.path())) {
            p.add(field, "the " + role.label + " " + image.path() + " does not exist; " + createHint(role, image, parent));
            return;
        }
        if (Files.isDirectory(image.path())) {
            p.add(field, "the " + role.label + " " + image.path() + " is a directory; give the image file's path");
            return;
        }
        QemuImgInfo info;
        try {
            info = qemuImg.info(image.path());
        } catch (QemuImgException e) {
            if (e.exitCode() == -1) {
                throw e; // qemu-img could not run or hung: not a problem of this image
            }
            p.add(field, "qemu-img cannot read the " + role.label + " " + image.path() + ": "
                    + (e.stderr().isEmpty() ? e.getMessage() : e.stderr()) + "; check the file");
            return;
        }
        if (!info.format().equals(image.format().qemuName())) {
            String fix = role == SizeRule.Role.ACTIVE || role == SizeRule.Role.HIDDEN
                    ? "recreate it with 'qemu-img create -f qcow2 " + image.path() + " <size of the parent>'"
                    : "declare it as DiskImage.of(path, ImageFormat." + info.imageFormat().map(Enum::name).orElse("?")
                            + ") or convert it with qemu-img convert";
            p.add(field, "the " + role.label + " " + image.path() + " is declared " + image.format().qemuName()
                    + " but qemu-img reads it as " + info.format() + "; QEMU would open it with the wrong driver; " + fix);
        }
        if (image.virtualSize() != null) {
            if (image.virtualSize() != info.virtualSize()) {
                p.add(field, "the " + role.label + " " + image.path() + " is declared " + Sizes.exact(image.virtualSize())
                        + " but the file is " + Sizes.exact(info.virtualSize(), "qemu-img info") + "; correct the"
                        + " declared size or resize the image");
            }
        } else {
            sizes.add(new SizeRule.Sized(field, role, image.path(),
                    info.virtualSize(), "qemu-img info"));
        }
    }

    private static String createHint(SizeRule.Role role, DiskImage image, DiskImage parent) {
        return switch (role) {
            case ACTIVE, HIDDEN -> "create it empty with 'qemu-img create -f qcow2 " + image.path() + " <size of the parent"
                    + (parent == null ? "" : " " + parent.path()) + ">' or QemuImg.createActiveAndHidden(disk, false)";
            case PARENT -> "copy the primary image there before starting the secondary (the parent is a copy of it)";
            case PRIMARY_IMAGE -> "correct the path or create the image";
        };
    }
}
