package org.colo4j.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.Role;
import org.colo4j.qmp.QmpClient;

/** The fake nodes one test starts, closed after it (hold it in an {@code @AutoClose} field). */
final class StartedNodes implements AutoCloseable {

    private final List<FakeColoNode> nodes = new CopyOnWriteArrayList<>();

    FakeColoNode start(FakeColoNode.Builder builder) {
        FakeColoNode n = builder.build();
        nodes.add(n);
        return n;
    }

    FakeColoNode start(Role role) {
        return start(FakeColoNode.builder(role));
    }

    /** Every event {@code qmp} receives from now on, as {@code NAME {data}} in QEMU's JSON spelling. */
    static List<String> events(QmpClient qmp) {
        List<String> seen = new CopyOnWriteArrayList<>();
        qmp.onAnyEvent(e -> seen.add(e.name() + (e.data().isEmpty() ? "" : " " + QmpWire.render(e.data()))));
        return seen;
    }

    @Override
    public void close() {
        nodes.forEach(FakeColoNode::close);
    }
}
