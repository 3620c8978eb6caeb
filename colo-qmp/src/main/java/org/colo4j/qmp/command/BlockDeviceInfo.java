package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A block node as {@link QueryNamedBlockNodes} and {@link BlockInfo#inserted()} report it (QAPI
 * {@code BlockDeviceInfo}). Note QEMU's mixed spelling: {@code node-name} but {@code backing_file}.
 *
 * @param nodeName the node name; nullable (QEMU-generated names start with {@code #block})
 * @param drv the driver, e.g. {@code qcow2}, {@code quorum}, {@code replication}
 * @param file the file name or a {@code json:{...}} description
 * @param backingFile the backing file name (QMP {@code backing_file}); nullable
 * @param backingFileDepth the length of the backing chain (QMP {@code backing_file_depth}); nullable
 * @param ro whether the node is read-only; nullable
 * @param image the image information; nullable
 */
public record BlockDeviceInfo(
        @JsonProperty("node-name") String nodeName,
        String drv,
        String file,
        @JsonProperty("backing_file") String backingFile,
        @JsonProperty("backing_file_depth") Integer backingFileDepth,
        Boolean ro,
        ImageInfo image) {}
