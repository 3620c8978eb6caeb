package org.colo4j.blockgraph;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What {@code qemu-img info --output=json} says about one image. Members qemu-img adds in later
 * versions are ignored.
 *
 * @param filename the file name as qemu-img reports it
 * @param format the detected format, e.g. {@code qcow2}, {@code raw}
 * @param virtualSize the size the guest sees, in bytes
 * @param actualSize bytes the file takes on the host; null if qemu-img did not say
 * @param clusterSize the cluster size (qcow2); null for formats without clusters
 * @param backingFilename the backing file recorded in the image header; null if none
 * @param dirtyFlag whether the image is marked dirty; null if the format has no such flag
 * @param formatSpecific the format-specific block as qemu-img prints it; null if absent
 */
public record QemuImgInfo(
        String filename,
        String format,
        @JsonProperty("virtual-size") long virtualSize,
        @JsonProperty("actual-size") Long actualSize,
        @JsonProperty("cluster-size") Long clusterSize,
        @JsonProperty("backing-filename") String backingFilename,
        @JsonProperty("dirty-flag") Boolean dirtyFlag,
        @JsonProperty("format-specific") JsonNode formatSpecific) {

    /** The detected format as an {@link ImageFormat}, if it is one colo4j knows. */
    public Optional<ImageFormat> imageFormat() {
        return ImageFormat.fromQemuName(format);
    }

    /** e.g. {@code qcow2 /var/lib/colo/active0.qcow2, 64 MiB (67108864 bytes), backing none}. */
    @Override
    public String toString() {
        return format + " " + filename + ", " + Sizes.exact(virtualSize)
                + (actualSize == null ? "" : ", " + actualSize + " bytes on disk")
                + ", backing " + (backingFilename == null ? "none" : backingFilename);
    }
}
