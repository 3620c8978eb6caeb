package org.colo4j.blockgraph;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.colo4j.qmp.QmpJson;
import org.colo4j.qmp.command.BlockDeviceInfo;
import org.colo4j.qmp.command.BlockInfo;
import org.colo4j.qmp.command.XDbgBlockGraph;

/**
 * Replies captured from QEMU 7.2.22 running COLO-FT.txt's drives (images under /tmp/colo): the
 * secondary as started, the primary after the replication child was added over QMP.
 */
final class Fixtures {

    private Fixtures() {}

    static <T> T read(String name, TypeReference<T> type) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return QmpJson.mapper().readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LiveBlockGraph secondaryGraph() {
        return LiveBlockGraph.of(read("secondary-graph.json", new TypeReference<XDbgBlockGraph>() {}),
                read("secondary-named-nodes.json", new TypeReference<List<BlockDeviceInfo>>() {}));
    }

    static LiveBlockGraph primaryGraph() {
        return LiveBlockGraph.of(read("primary-graph.json", new TypeReference<XDbgBlockGraph>() {}),
                read("primary-named-nodes.json", new TypeReference<List<BlockDeviceInfo>>() {}));
    }

    static XDbgBlockGraph primaryXdbg() {
        return read("primary-graph.json", new TypeReference<XDbgBlockGraph>() {});
    }

    static List<BlockDeviceInfo> primaryNamedNodes() {
        return read("primary-named-nodes.json", new TypeReference<List<BlockDeviceInfo>>() {});
    }

    static List<BlockInfo> secondaryQueryBlock() {
        return read("secondary-query-block.json", new TypeReference<List<BlockInfo>>() {});
    }
}
