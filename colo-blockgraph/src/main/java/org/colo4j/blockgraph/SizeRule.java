package org.colo4j.blockgraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Active, hidden and parent disks, and the primary image, must have the same virtual size.
 * QEMU only finds out at COLO start ("Active disk, hidden disk, secondary disk's length are not the
 * same"), without saying which file is off; this rule names the files and their sizes.
 */
final class SizeRule {

    /** What a sized image is in the graph; the order is the order of preference for the reference size. */
    enum Role {
        PARENT("parent"),
        PRIMARY_IMAGE("primary image"),
        ACTIVE("active disk"),
        HIDDEN("hidden disk");

        final String label;

        Role(String label) {
            this.label = label;
        }
    }

    /** One image whose virtual size is known, and where the number came from. */
    record Sized(String field, Role role, Path path, long bytes, String source) {}

    private SizeRule() {}

    /**
     * The images of one disk pair whose size is declared in the spec, fields relative to the pair.
     *
     * @param primary may be null (a secondary disk validated on its own)
     * @param secondary may be null
     * @param primaryPrefix prefix of the primary disk's fields, e.g. "primary."
     * @param secondaryPrefix prefix of the secondary disk's fields, e.g. "secondary."
     */
    static List<Sized> declared(PrimaryDisk primary, String primaryPrefix, SecondaryDisk secondary,
            String secondaryPrefix) {
        List<Sized> out = new ArrayList<>();
        if (secondary != null) {
            add(out, secondaryPrefix + "parentImage", Role.PARENT, secondary.parentImage());
        }
        if (primary != null) {
            add(out, primaryPrefix + "image", Role.PRIMARY_IMAGE, primary.image());
        }
        if (secondary != null) {
            add(out, secondaryPrefix + "activeImage", Role.ACTIVE, secondary.activeImage());
            add(out, secondaryPrefix + "hiddenImage", Role.HIDDEN, secondary.hiddenImage());
        }
        return out;
    }

    /** Shorthand for a secondary disk on its own. */
    static List<Sized> declared(PrimaryDisk primary, SecondaryDisk secondary) {
        return declared(primary, "", secondary, "");
    }

    private static void add(List<Sized> out, String field, Role role, DiskImage image) {
        if (image != null && image.virtualSize() != null && image.virtualSize() > 0) {
            out.add(new Sized(field, role, image.path(), image.virtualSize(), "declared"));
        }
    }

    /**
     * Reports every image whose size differs from the reference: the parent's size if known, else
     * the primary image's, else the active disk's.
     *
     * @param known images of one pair with a known size, in {@link Role} order
     */
    static void check(Problems p, List<Sized> known) {
        if (known.size() < 2) {
            return;
        }
        List<Sized> sorted = new ArrayList<>(known);
        sorted.sort((a, b) -> Integer.compare(a.role().ordinal(), b.role().ordinal()));
        Sized ref = sorted.get(0);
        for (Sized s : sorted.subList(1, sorted.size())) {
            if (s.bytes() == ref.bytes()) {
                continue;
            }
            String what = "the " + s.role().label + " " + s.path() + " is " + Sizes.exact(s.bytes(), s.source())
                    + " but the " + ref.role().label + " " + ref.path() + " is " + Sizes.exact(ref.bytes(), ref.source())
                    + "; ";
            String fix;
            if (s.role() == Role.PRIMARY_IMAGE) {
                fix = "the parent must be a copy of the primary image: copy the primary image to the secondary again"
                        + " (or correct the declared size)";
            } else if (s.role() == Role.PARENT) {
                fix = "the parent must be a copy of the primary image: copy the primary image to the secondary again";
            } else {
                fix = "recreate it with 'qemu-img create -f qcow2 " + s.path() + " " + ref.bytes() + "'"
                        + (s.source().equals("declared") ? " and declare that size" : "");
            }
            p.add(s.field(), what + "active, hidden and parent disks and the primary image must have the same"
                    + " virtual size, or replication fails at COLO start with QEMU's \"Active disk, hidden disk,"
                    + " secondary disk's length are not the same\"; " + fix);
        }
    }
}
