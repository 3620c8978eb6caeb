package org.colo4j.blockgraph;

/**
 * Root of every failure this package reports. Unchecked: catch the subclass you can act on.
 *
 * <ul>
 *   <li>{@link BlockGraphValidationException}: a spec (or the image files it names) would not
 *       work; it lists every problem found.</li>
 *   <li>{@link QemuImgException}: running {@code qemu-img} failed or timed out.</li>
 * </ul>
 */
public class BlockGraphException extends RuntimeException {

    public BlockGraphException(String message) {
        super(message);
    }

    public BlockGraphException(String message, Throwable cause) {
        super(message, cause);
    }
}
