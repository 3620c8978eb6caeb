package org.colo4j.blockgraph;

/**
 * Root of every failure this package reports. Unchecked: catch the subclass you can act on.
 * A {@link org.colo4j.qmp.Colo4jException}, the root of everything colo4j throws.
 *
 * <ul>
 *   <li>{@link BlockGraphValidationException}: a spec (or the image files it names) would not
 *       work; it lists every problem found.</li>
 *   <li>{@link QemuImgException}: running {@code qemu-img} failed or timed out.</li>
 * </ul>
 */
public class BlockGraphException extends org.colo4j.qmp.Colo4jException {

    public BlockGraphException(String message) {
        super(message);
    }

    public BlockGraphException(String message, Throwable cause) {
        super(message, cause);
    }
}
