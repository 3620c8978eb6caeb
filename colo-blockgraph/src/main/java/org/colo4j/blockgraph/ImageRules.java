package org.colo4j.blockgraph;

/** Rules every image field follows, whichever side it is on. */
final class ImageRules {

    private ImageRules() {}

    /**
     * Checks one image field: present, a path QEMU can be given, the right format, a sane declared
     * size.
     *
     * @param role how messages name it, e.g. "active disk"
     * @param qcow2Only whether the role needs qcow2 (active and hidden disks)
     * @param setter the builder call that sets it, for the fix, e.g. "activeImage(DiskImage.qcow2(path))"
     */
    static void check(Problems problems, String field, DiskImage image, String role, boolean qcow2Only, String setter) {
        if (image == null) {
            problems.add(field, "missing; the " + role + " is required: set " + setter);
            return;
        }
        String path = image.path().toString();
        if (path.isEmpty()) {
            problems.add(field, "the " + role + "'s path is empty; give the image file's path");
        } else {
            String why = OptionValues.unescapable(path);
            if (why != null) {
                problems.add(field, "the " + role + "'s path '" + QemuNames.printable(path) + "' " + why
                        + "; rename or move the file");
            }
        }
        if (qcow2Only && image.format() != ImageFormat.QCOW2) {
            problems.add(field, "the " + role + " must be qcow2, not " + image.format().qemuName()
                    + ": replication empties it at every checkpoint (bdrv_make_empty), which a raw image cannot do;"
                    + " create it with 'qemu-img create -f qcow2 " + path + " <size>' and declare it with DiskImage.qcow2(path)");
        }
        if (image.virtualSize() != null && image.virtualSize() <= 0) {
            problems.add(field, "the declared virtual size of the " + role + " is " + image.virtualSize()
                    + "; declare a positive size in bytes, or leave it undeclared so qemu-img info supplies it");
        }
    }
}
