package org.colo4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpOptions;
import org.colo4j.qmp.QmpSubscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code colo4j events NODE}: every QMP event of one node, one line each, until interrupted, the
 * connection closes (exit 3) or {@code --count} events were printed.
 */
@Command(name = "events", description = {"Print NODE's QMP events, one per line, until interrupted (Ctrl-C),",
    "--count events were printed (exit 0) or its QMP connection closes (exit 3)."})
final class EventsCommand extends PairCommand {

    @Parameters(index = "0", paramLabel = "NODE", description = "The node's name in the pair file.")
    String nodeName;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
    int count;

    @Override
    public Integer call() throws InterruptedException {
        var node = node(role(nodeName));
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        try (QmpClient qmp = QmpClient.connect(node.qmpConnect(), QmpOptions.defaults().withName(node.name()));
             QmpSubscription sub = qmp.onAnyEvent(e -> {
                 synchronized (this) {
                     if (count > 0 && seen.get() >= count) {
                         return;
                     }
                     out().println(format(e));
                     out().flush();
                 }
                 if (count > 0 && seen.incrementAndGet() >= count) {
                     done.countDown();
                 }
             })) {
            out().flush();
            while (!done.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (!qmp.isOpen()) {
                    throw new FailedException(ExitCodes.NODE_UNREACHABLE, "the QMP connection of '" + node.name() + "' closed");
                }
            }
            return ExitCodes.OK;
        }
    }

    private String format(QmpEvent e) {
        if (json) {
            ObjectNode o = Json.object();
            o.put("event", e.name());
            o.put("timestamp", e.timestamp().toString());
            o.set("data", e.data());
            return Json.line(o);
        }
        return e.timestamp() + " " + e.name() + (e.data() == null || e.data().isEmpty() ? "" : " " + Json.line(e.data()));
    }
}
