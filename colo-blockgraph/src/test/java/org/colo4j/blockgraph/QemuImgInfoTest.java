package org.colo4j.blockgraph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;

class QemuImgInfoTest {

    /** qemu-img 7.2's info --output=json of a fresh 64 MiB qcow2. */
    @Test
    void readsQemuImgJson() {
        QemuImgInfo info = Fixtures.read("qemu-img-info-qcow2.json", new TypeReference<QemuImgInfo>() {});
        assertThat(info.format()).isEqualTo("qcow2");
        assertThat(info.imageFormat()).hasValue(ImageFormat.QCOW2);
        assertThat(info.virtualSize()).isEqualTo(64L << 20);
        assertThat(info.clusterSize()).isEqualTo(65536L);
        assertThat(info.dirtyFlag()).isFalse();
        assertThat(info.backingFilename()).isNull();
        assertThat(info.formatSpecific().path("data").path("compat").asText()).isEqualTo("1.1");
        assertThat(info.toString()).startsWith("qcow2 /tmp/colo/active.qcow2, 64 MiB (67108864 bytes), ");
    }

    @Test
    void sizesPrintInTheLargestWholeUnit() {
        assertThat(Sizes.human(10L << 30)).isEqualTo("10 GiB");
        assertThat(Sizes.human(1000)).isEqualTo("1000 bytes");
        assertThat(Sizes.exact(1536)).isEqualTo("1536 bytes");
        assertThat(Sizes.exact(3072)).isEqualTo("3 KiB (3072 bytes)");
        assertThat(Sizes.exact(64L << 20, "qemu-img info")).isEqualTo("64 MiB (67108864 bytes, qemu-img info)");
    }
}
