package org.colo4j.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.colo4j.Role;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QemuOnPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the harness leaves behind when a test never reaches its {@code close()}: a child JVM makes
 * the namespaces and a QEMU in one of them, then exits without closing them (the shutdown hook must
 * remove them) or is killed outright (the next run's sweep must).
 */
class CleanupIT {

    @TempDir
    Path dir;

    @Test
    void theShutdownHookRemovesWhatATestLeftOpen() throws Exception {
        QemuOnPath.requireQemu();
        FaultSupport.requireNamespaces();
        Process child = startChild("exit");
        Left left = Left.read(child);
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child JVM exits").isTrue();

        assertThat(Ip.ip("netns", "list")).doesNotContain(left.namespace());
        assertThat(ProcessHandle.of(left.qemuPid())).as("its QEMU").isEmpty();
    }

    @Test
    void theNextRunSweepsWhatAKilledJvmLeft() throws Exception {
        QemuOnPath.requireQemu();
        FaultSupport.requireNamespaces();
        Process child = startChild("wait");
        Left left = Left.read(child);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Ip.ip("netns", "list")).as("SIGKILL runs no hook").contains(left.namespace());
        assertThat(ProcessHandle.of(left.qemuPid())).as("its QEMU is orphaned").isPresent();

        Cleanup.sweepStaleNow();

        assertThat(Ip.ip("netns", "list")).doesNotContain(left.namespace());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(left.qemuPid()).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcessHandle.of(left.qemuPid())).as("its QEMU, killed by pid").isEmpty();
    }

    private Process startChild(String how) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Child.class.getName());
        cmd.add(dir.toString());
        cmd.add(how);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** What the child reported it made. */
    private record Left(String namespace, long qemuPid) {
        static Left read(Process child) throws Exception {
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                seen.add(line);
                if (line.startsWith("made ")) {
                    String[] f = line.split(" ");
                    Thread drain = new Thread(() -> {
                        try {
                            r.transferTo(java.io.Writer.nullWriter());
                        } catch (java.io.IOException ignored) {
                            // the child is gone
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return new Left(f[1], Long.parseLong(f[2]));
                }
            }
            throw new AssertionError("the child JVM made nothing; its output: " + seen);
        }
    }

    /** The child JVM: makes a link and a QEMU, reports them, then exits or waits to be killed. */
    static final class Child {
        public static void main(String[] args) throws Exception {
            Path dir = Files.createDirectories(Path.of(args[0]));
            NetnsLink link = NetnsLink.create();
            QmpEndpoint qmp = QmpEndpoint.unix(dir.resolve("child.qmp"));
            NetnsNode node = NetnsNode.start("child", link, Role.PRIMARY, List.of("qemu-system-x86_64", "-machine", "none",
                    "-nodefaults", "-display", "none", "-qmp", "unix:" + dir.resolve("child.qmp") + ",server=on,wait=off"),
                    qmp, dir.resolve("child.log"));
            System.out.println("made " + link.namespace(Role.PRIMARY) + " " + node.pid());
            System.out.flush();
            if (args[1].equals("wait")) {
                Thread.sleep(60_000);
            }
            System.exit(0);
        }
    }
}
