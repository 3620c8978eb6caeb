package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An image as QEMU describes it in {@link BlockDeviceInfo#image()}, with its backing chain nested.
 *
 * <p>For the COLO secondary, {@code active.qcow2} backs onto {@code hidden.qcow2}, which backs onto
 * the secondary disk; the three virtual sizes must be equal.
 *
 * @param filename the image file name
 * @param format the format, e.g. {@code qcow2}, {@code raw}
 * @param virtualSize the guest-visible size in bytes (QMP {@code virtual-size}); nullable
 * @param actualSize the bytes used on the host (QMP {@code actual-size}); nullable
 * @param backingFilename the backing file name as recorded in the image (QMP
 *     {@code backing-filename}); nullable
 * @param backingImage the backing image (QMP {@code backing-image}); nullable, and left out by
 *     {@code query-named-block-nodes} with {@code flat}
 */
public record ImageInfo(
        String filename,
        String format,
        @JsonProperty("virtual-size") Long virtualSize,
        @JsonProperty("actual-size") Long actualSize,
        @JsonProperty("backing-filename") String backingFilename,
        @JsonProperty("backing-image") ImageInfo backingImage) {}
