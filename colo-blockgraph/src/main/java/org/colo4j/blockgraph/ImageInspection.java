package org.colo4j.blockgraph;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Checks the image files of a {@link BlockReplication} before QEMU opens them: every file exists,
 * is in the declared format, and active, hidden, parent and primary image have one virtual size.
 * Sizes come from the spec when declared, else from {@code qemu-img info}.
 *
 * <pre>{@code
 * ImageInspection.verify(replication, QemuImg.onPath(), Side.SECONDARY);   // on the secondary host
 * }</pre>
 *
 * <p>Only inspect the sides whose files are on this machine. Relative paths are resolved against
 * this JVM's working directory, which should be the QEMU's too. The same checks run inside
 * {@link BlockReplication.Builder#build()} when {@link BlockReplication.Builder#inspectImages} is set.
 */
public final class ImageInspection {

    private ImageInspection() {}

    /**
     * The problems of the image files of {@code sides}; empty if there are none.
     *
     * @throws QemuImgException only if qemu-img cannot be run at all or does not finish in time
     */
    public static List<Problem> check(BlockReplication replication, QemuImg qemuImg, Side... sides) {
        ImageInspector inspector = new ImageInspector(qemuImg,
                sides.length == 0 ? EnumSet.noneOf(Side.class) : EnumSet.copyOf(List.of(sides)));
        Problems p = new Problems();
        List<DiskPair> disks = replication.disks();
        for (int i = 0; i < disks.size(); i++) {
            Problems pair = p.under("disks[" + i + "].");
            DiskPair d = disks.get(i);
            List<SizeRule.Sized> sizes = new ArrayList<>(
                    SizeRule.declared(d.primary(), "primary.", d.secondary(), "secondary."));
            sizes.addAll(inspector.inspect(pair, d));
            SizeRule.check(pair, sizes);
        }
        return p.list();
    }

    /**
     * Like {@link #check}, but throws.
     *
     * @throws BlockGraphValidationException listing every problem of the image files
     */
    public static void verify(BlockReplication replication, QemuImg qemuImg, Side... sides) {
        List<Problem> problems = check(replication, qemuImg, sides);
        if (!problems.isEmpty()) {
            throw new BlockGraphValidationException("image files on the " + sidesText(sides), problems);
        }
    }

    private static String sidesText(Side... sides) {
        List<String> names = new ArrayList<>();
        for (Side s : sides) {
            names.add(s.name().toLowerCase(java.util.Locale.ROOT));
        }
        return String.join(" and ", names) + (sides.length == 1 ? " side" : " sides");
    }
}
