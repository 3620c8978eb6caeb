package org.colo4j.samples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpSchema;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.Cont;
import org.colo4j.qmp.command.QueryColoStatus;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.Quit;
import org.colo4j.qmp.command.Stop;

/**
 * The README's demo. With qemu-system-x86_64 installed it starts a QEMU ({@code -machine none}) in a
 * temporary directory, talks to it through colo4j's QMP client (version, run state, COLO support in
 * the schema, a stop/cont round with its events, COLO status) and stops it again. Without QEMU it
 * says how to install it. It never leaves a process behind.
 *
 * <p>The full COLO pair demo (start, checkpoint, failover, data check) arrives with the ColoPair API.
 */
public final class Demo {

    private static final String INSTALL = "sudo apt-get install -y qemu-system-x86 qemu-utils";

    private Demo() {}

    public static void main(String[] args) throws Exception {
        Optional<Path> qemu = onPath("qemu-system-x86_64");
        if (qemu.isEmpty()) {
            System.out.println("qemu-system-x86_64 is not installed, so there is no QEMU to talk to.");
            System.out.println("Install QEMU for the live run: " + INSTALL);
            return;
        }
        Path dir = Files.createTempDirectory("colo4j-demo-");
        Path socket = dir.resolve("qmp.sock");
        Process process = new ProcessBuilder(qemu.get().toString(), "-machine", "none", "-nodefaults", "-display", "none",
                "-name", "colo4j-demo", "-qmp", "unix:" + socket + ",server=on,wait=off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
        Thread cleanup = new Thread(() -> stop(process, dir));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            System.out.println("started " + qemu.get() + " (pid " + process.pid() + ") in " + dir);
            waitForSocket(socket, process);
            long t0 = System.nanoTime();
            try (QmpClient qmp = QmpClient.connect(QmpEndpoint.unix(socket))) {
                System.out.printf("connected in %.1f ms: %s%n", (System.nanoTime() - t0) / 1e6, qmp.greeting());
                System.out.println("run state:    " + qmp.execute(new QueryStatus()));
                QmpSchema schema = qmp.schema();
                System.out.println("schema:       " + schema);
                for (String check : List.of("x-colo-lost-heartbeat", "query-colo-status")) {
                    System.out.println("  command " + check + ": " + yesNo(schema.hasCommand(check)));
                }
                System.out.println("  migration capability x-colo: " + yesNo(schema.hasMigrationCapability("x-colo")));
                System.out.println("  block driver replication: " + yesNo(schema.hasBlockDriver("replication")));
                System.out.println("  object colo-compare: " + yesNo(schema.hasObjectType("colo-compare")));
                ColoStatusInfo colo = qmp.execute(new QueryColoStatus());
                System.out.println("COLO status:  " + colo);

                QmpEvent stopped = qmp.executeAndAwait(new Stop(), "STOP", e -> true, Duration.ofSeconds(5));
                System.out.println("stop  -> event " + stopped + ", state " + qmp.execute(new QueryStatus()).status());
                QmpEvent resumed = qmp.executeAndAwait(new Cont(), "RESUME", e -> true, Duration.ofSeconds(5));
                System.out.println("cont  -> event " + resumed + ", state " + qmp.execute(new QueryStatus()).status());
                System.out.println("hmp 'info name': " + qmp.hmp("info name").strip());
                System.out.println("untyped query-commands: " + qmp.execute("query-commands", Map.of()).size() + " commands");
                qmp.execute(new Quit());
            }
            System.out.println("quit  -> QEMU exited: " + process.waitFor(5, TimeUnit.SECONDS));
        } finally {
            stop(process, dir);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "NO";
    }

    private static void waitForSocket(Path socket, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("QEMU did not open " + socket + " (exit: "
                        + (process.isAlive() ? "still running" : process.exitValue()) + ")");
            }
            Thread.sleep(20);
        }
    }

    private static void stop(Process process, Path dir) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("cleanup of " + dir + " incomplete: " + e);
        }
    }

    private static Optional<Path> onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
