package org.colo4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.command.QueryStatus;

/**
 * Figure 6's child JVM: {@code ColdStart colo4j|raw SOCKET} connects, sends one {@code query-status}
 * and prints {@code reply <status> <ms from JVM start to main> <ms from main to reply> <ms from main to
 * connected>}. Nothing
 * else is loaded before the reply: the JVM start time is read only after it.
 */
public final class ColdStart {

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        long mainNanos = System.nanoTime();
        Path socket = Path.of(args[1]);
        String status;
        long connected;
        if (args[0].equals("colo4j")) {
            try (QmpClient qmp = QmpClient.connect(QmpEndpoint.unix(socket))) {
                connected = System.nanoTime();
                status = qmp.execute(new QueryStatus()).status().toString();
            }
        } else {
            try (RawQmp raw = RawQmp.connect(socket, Duration.ofSeconds(10))) {
                connected = System.nanoTime();
                String reply = raw.call("{\"execute\":\"query-status\"}");
                status = reply.contains("\"status\": \"") ? reply.replaceAll(".*\"status\": \"([^\"]+)\".*", "$1") : reply;
            }
        }
        long replyNanos = System.nanoTime();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(String.format(Locale.ROOT, "reply %s %d %.2f %.2f", status.replace(' ', '_'), mainAt - jvmStart,
                (replyNanos - mainNanos) / 1e6, (connected - mainNanos) / 1e6));
        System.out.flush();
    }
}
