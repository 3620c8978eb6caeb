package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.colo4j.qmp.QmpJson;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.junit.jupiter.api.Test;

/** QEMU's JSON spelling, the sparse disk and qemu-io's output. */
class WireAndDiskTest {

    @Test
    void jsonIsSpelledAsQemuSpellsIt() throws Exception {
        JsonNode n = QmpJson.mapper().readTree("{\"a\":[1,2.5,\"é\\n\\u0001\"],\"b\":{},\"c\":[],\"d\":null,\"e\":true}");
        assertThat(QmpWire.render(n)).isEqualTo("{\"a\": [1, 2.5, \"\\u00E9\\n\\u0001\"], \"b\": {}, \"c\": [], \"d\": null,"
                + " \"e\": true}");
    }

    @Test
    void repliesEventsAndErrorsPutTheirMembersWhereQemuDoes() {
        assertThat(QmpWire.render(QmpWire.reply(QmpJson.mapper().getNodeFactory().numberNode(7),
                QmpJson.mapper().createObjectNode()))).isEqualTo("{\"return\": {}, \"id\": 7}");
        assertThat(QmpWire.render(QmpWire.error(null, "GenericError", "x"))).isEqualTo(
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"x\"}}");
        assertThat(QmpWire.render(QmpWire.event(FakeEvents.coloExit(ColoMode.PRIMARY, ColoExitReason.ERROR),
                Instant.ofEpochSecond(1795312880, 804795000)))).isEqualTo("{\"timestamp\": {\"seconds\": 1795312880,"
                + " \"microseconds\": 804795}, \"event\": \"COLO_EXIT\", \"data\": {\"mode\": \"primary\", \"reason\": \"error\"}}");
    }

    @Test
    void sparseDiskKeepsTheLastWriteOfEachByte() {
        SparseDisk d = new SparseDisk(64 << 20);
        assertThat(d.allEqual(0, 1 << 20, 0)).isTrue();
        d.write(0, 1 << 20, 0xab);
        d.write(4096, 512, 0xcd);
        assertThat(d.allEqual(0, 4096, 0xab)).isTrue();
        assertThat(d.allEqual(4096, 512, 0xcd)).isTrue();
        assertThat(d.allEqual(4608, (1 << 20) - 4608, 0xab)).isTrue();
        assertThat(d.allEqual(0, 1 << 20, 0xab)).isFalse();
        assertThat(d.allEqual(1 << 20, 4096, 0)).isTrue();
        SparseDisk copy = d.copy();
        d.write(0, 2 << 20, 0x11);
        assertThat(d.allEqual(0, 2 << 20, 0x11)).isTrue();
        assertThat(copy.allEqual(0, 4096, 0xab)).isTrue();
    }

    @Test
    void qemuIoPrintsWhatQemu72Prints() {
        SparseDisk d = new SparseDisk(64 << 20);
        assertThat(QemuIo.run(d, "write -P 0xcd 4k 1536")).isEqualTo("wrote 1536/1536 bytes at offset 4096\n"
                + "1.500 KiB, 1 ops; 00.00 sec (1 GiB/sec and 1024.0000 ops/sec)\n");
        assertThat(QemuIo.run(d, "read -P 0xab 512k 1M")).startsWith("Pattern verification failed at offset 524288,"
                + " 1048576 bytes\nread 1048576/1048576 bytes at offset 524288\n1 MiB, 1 ops;");
        assertThat(QemuIo.run(d, "read 0 512")).startsWith("read 512/512 bytes at offset 0\n512 bytes, 1 ops;");
        assertThat(QemuIo.run(d, "read -P 0 100M 1M")).isEqualTo("read failed: Input/output error\n");
        assertThat(QemuIo.run(d, "frobnicate 0 1M")).isEqualTo("command \"frobnicate\" not found\n");
        assertThat(QemuIo.run(d, "write")).isEqualTo("bad argument count 0 to write, expected at least 2 arguments\n");
    }
}
