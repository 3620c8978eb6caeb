package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.colo4j.Role;
import org.colo4j.qmp.QemuOnPath;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpErrorResponseException;
import org.colo4j.qmp.QmpGreeting;
import org.colo4j.qmp.QmpOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: the same commands to a real qemu-system-x86_64 (started like COLO-FT.txt's
 * primary, with its quorum drive, under TCG and {@code -S}) and to a FakeColoNode primary of the same
 * QEMU version must get the same answers: return values where they are deterministic, error class and
 * text always. The version is the real QEMU's (whatever qemu-system-x86_64 is first on PATH: CI runs
 * this against Debian's 7.2.22, 10.0.13 and 11.1.3). Skips with the reason when QEMU is not installed,
 * unless -Dcolo4j.requireQemu=true.
 */
class FakeMatchesQemuIT {

    private static final QmpOptions OPTIONS = QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(10));

    @Test
    void errorsAndStatesMatchARealQemu(@TempDir Path dir) throws Exception {
        Path qemu = QemuOnPath.require("qemu-system-x86_64");
        Path qemuImg = QemuOnPath.require("qemu-img");
        Path image = dir.resolve("primary.qcow2");
        run(List.of(qemuImg.toString(), "create", "-q", "-f", "qcow2", image.toString(), "64M"));
        Path socket = dir.resolve("qmp.sock");
        Path log = dir.resolve("qemu.log");
        Process process = new ProcessBuilder(qemu.toString(), "-machine", "pc", "-accel", "tcg", "-nodefaults",
                "-display", "none", "-S", "-netdev", "user,id=hn0",
                "-drive", "if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,"
                        + "children.0.file.filename=" + image + ",children.0.driver=qcow2",
                "-qmp", "unix:" + socket + ",server=on,wait=off")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            waitForSocket(process, socket, log);
            int nbdPort = freePort();
            int closedPort = freePort();
            try (QmpClient real = QmpClient.connect(QmpEndpoint.unix(socket), OPTIONS);
                 FakeColoNode fake = FakeColoNode.builder(Role.PRIMARY).withoutProxy()
                         .version(real.greeting().version()).build();
                 QmpClient faked = QmpClient.connect(fake.endpoint(), OPTIONS)) {
                QmpGreeting realGreeting = real.greeting();
                assertThat(faked.greeting().version()).isEqualTo(realGreeting.version());
                assertThat(faked.greeting().capabilities()).isEqualTo(realGreeting.capabilities());
                if (FakeColoNode.measuredVersions().contains(realGreeting.version())) {
                    assertThat(faked.greeting().packageName()).as("Debian's package string of QEMU %s",
                            realGreeting.version()).isEqualTo(realGreeting.packageName());
                } else {
                    System.out.println("FakeMatchesQemuIT: QEMU " + realGreeting.version() + " (" + realGreeting.packageName()
                            + ") is not one of the measured builds " + FakeColoNode.measuredVersions()
                            + ": its package string is not compared, every command is");
                }
                Map<String, String> realOut = script(real, nbdPort, closedPort);
                Map<String, String> fakeOut = script(faked, nbdPort, closedPort);
                System.out.println("FakeMatchesQemuIT: " + realOut.size() + " commands to " + qemu + " (" + realGreeting
                        + ") and to a fake of QEMU " + fake.version());
                assertThat(fakeOut).as("the fake of QEMU %s against the real one", realGreeting.version())
                        .containsExactlyEntriesOf(realOut);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs the same commands on {@code qmp}; step name → "return ..." or "error CLASS: desc". */
    private static Map<String, String> script(QmpClient qmp, int nbdPort, int closedPort) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("query-status", call(qmp, "query-status", Map.of()));
        out.put("query-colo-status", call(qmp, "query-colo-status", Map.of()));
        out.put("query-migrate", call(qmp, "query-migrate", Map.of()));
        out.put("info status", call(qmp, "human-monitor-command", Map.of("command-line", "info status")));
        out.put("heartbeat outside COLO", call(qmp, "x-colo-lost-heartbeat", Map.of()));
        out.put("nbd stop, not running", call(qmp, "nbd-server-stop", Map.of()));
        out.put("object-del missing", call(qmp, "object-del", Map.of("id", "nosuch")));
        out.put("object-del unexpected", call(qmp, "object-del", Map.of("id", "x", "y", 1)));
        out.put("chardev-remove missing", call(qmp, "chardev-remove", Map.of("id", "nosuch")));
        out.put("blockdev-del missing", call(qmp, "blockdev-del", Map.of("node-name", "nosuch")));
        out.put("remove missing child", call(qmp, "x-blockdev-change", Map.of("parent", "colo-disk0", "child", "children.1")));
        out.put("change missing parent", call(qmp, "x-blockdev-change", Map.of("parent", "nosuch", "node", "n1")));
        out.put("unknown capability", call(qmp, "migrate-set-capabilities",
                Map.of("capabilities", List.of(Map.of("capability", "x-nosuch", "state", true)))));
        out.put("negative delay", call(qmp, "migrate-set-parameters", Map.of("x-checkpoint-delay", -1)));
        out.put("checkpoint delay", call(qmp, "migrate-set-parameters", Map.of("x-checkpoint-delay", 2000)));
        out.put("x-colo", call(qmp, "migrate-set-capabilities",
                Map.of("capabilities", List.of(Map.of("capability", "x-colo", "state", true)))));
        out.put("x-colo with return-path", call(qmp, "migrate-set-capabilities",
                Map.of("capabilities", List.of(Map.of("capability", "x-colo", "state", true),
                        Map.of("capability", "return-path", "state", true)))));
        out.put("return-path off under x-colo", call(qmp, "migrate-set-capabilities",
                Map.of("capabilities", List.of(Map.of("capability", "return-path", "state", false)))));
        out.put("capabilities", call(qmp, "query-migrate-capabilities", Map.of()));
        out.put("removed capability", call(qmp, "migrate-set-capabilities",
                Map.of("capabilities", List.of(Map.of("capability", "compress", "state", false)))));
        out.put("migrate without uri", call(qmp, "migrate", Map.of()));
        out.put("migrate with blk", call(qmp, "migrate", Map.of("uri", "nosuch:x", "blk", false)));
        out.put("incoming without uri, not inmigrate", call(qmp, "migrate-incoming", Map.of()));
        out.put("incoming, not inmigrate", call(qmp, "migrate-incoming", Map.of("uri", "tcp:127.0.0.1:" + closedPort)));
        Map<String, Object> addr = Map.of("type", "inet", "data", Map.of("host", "127.0.0.1", "port",
                String.valueOf(closedPort)));
        out.put("chardev reconnect", call(qmp, "chardev-add", Map.of("id", "cr", "backend", Map.of("type", "socket",
                "data", Map.of("addr", addr, "server", false, "reconnect", 1)))));
        out.put("chardev reconnect-ms", call(qmp, "chardev-add", Map.of("id", "crm", "backend", Map.of("type", "socket",
                "data", Map.of("addr", addr, "server", false, "reconnect-ms", 1000)))));
        out.put("chardev both", call(qmp, "chardev-add", Map.of("id", "cb", "backend", Map.of("type", "socket",
                "data", Map.of("addr", addr, "server", false, "reconnect", 1, "reconnect-ms", 1000)))));
        out.put("chardev unknown option", call(qmp, "chardev-add", Map.of("id", "cu", "backend", Map.of("type", "socket",
                "data", Map.of("addr", addr, "server", false, "nosuch", 1)))));
        out.put("iothread", call(qmp, "object-add", Map.of("qom-type", "iothread", "id", "io1")));
        out.put("iothread again", call(qmp, "object-add", Map.of("qom-type", "iothread", "id", "io1")));
        out.put("filter on missing netdev", call(qmp, "object-add", Map.of("qom-type", "filter-redirector", "id", "f9",
                "netdev", "hn9", "queue", "tx")));
        out.put("filter", call(qmp, "object-add", Map.of("qom-type", "filter-rewriter", "id", "rew9", "netdev", "hn0",
                "queue", "all")));
        out.put("node", call(qmp, "blockdev-add", Map.of("driver", "null-co", "node-name", "n1")));
        out.put("node again", call(qmp, "blockdev-add", Map.of("driver", "null-co", "node-name", "n1")));
        out.put("attach", call(qmp, "x-blockdev-change", Map.of("parent", "colo-disk0", "node", "n1")));
        out.put("delete attached", call(qmp, "blockdev-del", Map.of("node-name", "n1")));
        out.put("detach", call(qmp, "x-blockdev-change", Map.of("parent", "colo-disk0", "child", "children.1")));
        out.put("delete", call(qmp, "blockdev-del", Map.of("node-name", "n1")));
        out.put("export by drive id", call(qmp, "block-export-add", Map.of("type", "nbd", "id", "e0",
                "node-name", "colo-disk0", "writable", true)));
        out.put("export without server", call(qmp, "nbd-server-add", Map.of("device", "colo-disk0", "writable", true)));
        Map<String, Object> nbd = Map.of("addr", Map.of("type", "inet", "data",
                Map.of("host", "127.0.0.1", "port", String.valueOf(nbdPort))));
        out.put("nbd start", call(qmp, "nbd-server-start", nbd));
        out.put("nbd start again", call(qmp, "nbd-server-start", nbd));
        out.put("export", call(qmp, "nbd-server-add", Map.of("device", "colo-disk0", "writable", true)));
        out.put("export again", call(qmp, "nbd-server-add", Map.of("device", "colo-disk0", "writable", true)));
        out.put("export del missing", call(qmp, "block-export-del", Map.of("id", "nosuch")));
        out.put("nbd stop", call(qmp, "nbd-server-stop", Map.of()));
        out.put("qemu-io missing drive", call(qmp, "human-monitor-command",
                Map.of("command-line", "qemu-io nosuch \"read 0 512\"")));
        out.put("qemu-io without command", call(qmp, "human-monitor-command", Map.of("command-line", "qemu-io colo-disk0")));
        out.put("qemu-io write", call(qmp, "human-monitor-command",
                Map.of("command-line", "qemu-io colo-disk0 \"write -P 0xab 0 64k\"")));
        out.put("qemu-io aio_write", call(qmp, "human-monitor-command",
                Map.of("command-line", "qemu-io colo-disk0 \"aio_write -P 0xcd 64k 64k\"")));
        out.put("unknown hmp", call(qmp, "human-monitor-command", Map.of("command-line", "nosuchhmp")));
        out.put("no block jobs", call(qmp, "query-block-jobs", Map.of()));
        out.put("mirror of missing drive", call(qmp, "drive-mirror", Map.of("job-id", "resync", "device", "nosuch",
                "target", "nbd://127.0.0.1:" + nbdPort + "/parent0", "format", "raw", "sync", "full", "mode", "existing")));
        out.put("mirror without sync", call(qmp, "drive-mirror", Map.of("device", "colo-disk0", "target", "x")));
        out.put("cancel missing job", call(qmp, "block-job-cancel", Map.of("device", "nosuch")));
        out.put("unknown command", call(qmp, "nosuch-command", Map.of()));
        out.put("capabilities again", call(qmp, "qmp_capabilities", Map.of()));
        out.put("stop in prelaunch", call(qmp, "stop", Map.of()));
        out.put("still prelaunch", call(qmp, "query-status", Map.of()));
        out.put("cont", call(qmp, "cont", Map.of()));
        out.put("running", call(qmp, "query-status", Map.of()));
        out.put("info status running", call(qmp, "human-monitor-command", Map.of("command-line", "info status")));
        return out;
    }

    /** The outcome, with QEMU's generated node names ({@code #block123}, random in QEMU) made comparable. */
    private static String call(QmpClient qmp, String command, Map<String, ?> args) {
        String outcome;
        try {
            JsonNode r = qmp.execute(command, args);
            outcome = "return " + QmpWire.render(r);
        } catch (QmpErrorResponseException e) {
            outcome = "error " + e.errorClass() + ": " + e.description();
        }
        return outcome.replaceAll("#block\\d+", "#blockN");
    }

    private static void run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail(String.join(" ", argv) + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    private static void waitForSocket(Process p, Path socket, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!QmpEndpoint.unix(socket).acceptsConnections()) {
            if (!p.isAlive()) {
                fail("QEMU exited with " + p.exitValue() + " before opening QMP: " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                fail("QEMU did not open " + socket + " within 15 s: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() {
        return org.colo4j.qmp.FreeLoopbackPort.next();
    }

}
