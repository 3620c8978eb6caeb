package org.colo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.colo4j.qmp.QemuOnPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code ocf-tester} (package resource-agents) drives the agent as one resource instance
 * on its own, on real QEMU: meta-data (against ra-api-1.dtd with xmllint, and as user nobody),
 * validate-all, probes while stopped, start, monitor, notify, demote and promote back and forth,
 * stop, restart, start and stop twice. The instance is the pair file's primary on loopback with no
 * secondary: start launches it paused, promote lets its guest run alone (the peer is gone), demote
 * pauses it. A recording {@code colo4j} in front of the packaged launcher shows what the agent did.
 */
class OcfTesterIT {

    private static final String INSTANCE = "colo-ocf-tester";

    @TempDir
    Path dir;

    @Test
    void ocfTesterPassesTheAgentOnALonePrimary() throws Exception {
        QemuOnPath.requireQemu();
        Path tester = ClusterTools.require("ocf-tester", ClusterTools.OCF_TESTER_HINT);
        ClusterTools.require("xmllint", ClusterTools.OCF_TESTER_HINT);
        Path launcher = Path.of("target/colo4j").toAbsolutePath();
        assertThat(launcher).as("the launcher, built at package time").isExecutable();
        Path kvm = Path.of("/dev/kvm");
        // A lone primary never checkpoints, so TCG does when KVM is not there.
        Path pair = LoopbackPairFile.write(dir, Files.isReadable(kvm) && Files.isWritable(kvm) ? "kvm" : "tcg");
        Path journal = dir.resolve("colo4j-calls.txt");
        Path colo4j = recording(launcher, journal);
        Path state = dir.resolve("state");
        Path log = dir.resolve("ocf-tester.txt");
        try {
            Process p = new ProcessBuilder(tester.toString(), "-n", INSTANCE, "-o", "pair=" + pair, "-o", "node=primary",
                    "-o", "colo4j=" + colo4j, "-o", "state_dir=" + state, OcfAgent.AGENT.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = p.waitFor(300, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String out = Files.readString(log);
            assertThat(ended).as("ocf-tester ended within 300 s; its output so far:%n%s", out).isTrue();
            // ocf-tester prints "* rc=N: what" per failed check and ends with "... passed all tests".
            assertThat(out).as("ocf-tester's output").doesNotContain("* rc=").doesNotContain("partially supports")
                    .doesNotContain("does not support the promote").doesNotContain("does not support the demote")
                    .doesNotContain("does not support the notify").doesNotContain("Aborting tests")
                    .contains(OcfAgent.AGENT + " passed all tests");
            assertThat(p.exitValue()).as("ocf-tester's exit code; output:%n%s", out).isZero();

            List<String> calls = Files.readAllLines(journal, StandardCharsets.UTF_8);
            String monitor = "status --pair " + pair + " --node primary --state => ";
            assertThat(calls).as("what monitor saw").contains(monitor + "0: waiting", monitor + "0: alone",
                    monitor + "0: stopped", monitor + "3: unreachable");
            String qmp = "qmp --pair " + pair + " primary ";
            assertThat(calls.stream().filter(c -> c.startsWith(qmp + "cont => 0")).count()).as("promotes that let the guest run; %s", calls)
                    .isGreaterThanOrEqualTo(2);
            assertThat(calls.stream().filter(c -> c.startsWith(qmp + "stop => 0")).count()).as("demotes that paused it; %s", calls)
                    .isGreaterThanOrEqualTo(2);
            assertThat(calls.stream().filter(c -> c.startsWith(qmp + "quit => 0")).count()).as("stops of a running QEMU; %s", calls)
                    .isGreaterThanOrEqualTo(2);
            assertThat(Files.readString(state.resolve("colo4j-" + INSTANCE + ".log")))
                    .as("QEMU's log: the agent started QEMU, and QEMU said nothing alarming").doesNotContainIgnoringCase("error");
            assertThat(state.resolve("colo4j-" + INSTANCE + ".pid")).as("stop removed the pid file").doesNotExist();
            assertThat(qemusOf(dir)).as("QEMUs left running").isEmpty();
        } finally {
            qemusOf(dir).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** A colo4j that runs {@code launcher} and appends "ARGS => CODE: STDOUT" to {@code journal}. */
    private Path recording(Path launcher, Path journal) throws Exception {
        Path script = dir.resolve("colo4j-recording");
        Files.writeString(script, "#!/bin/sh\n"
                + "out=$('" + launcher + "' \"$@\")\n"
                + "rc=$?\n"
                + "[ -n \"$out\" ] && printf '%s\\n' \"$out\"\n"
                + "printf '%s => %s: %s\\n' \"$*\" \"$rc\" \"$(printf '%s' \"$out\" | tr '\\n' ' ')\" >> '" + journal + "'\n"
                + "exit $rc\n", StandardCharsets.UTF_8);
        assertThat(script.toFile().setExecutable(true, false)).isTrue();
        return script;
    }

    /** The QEMUs whose command line names a file under {@code dir}: this test's. */
    private static List<ProcessHandle> qemusOf(Path dir) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().command().map(c -> c.contains("qemu-system")).orElse(false))
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(dir.toString())).orElse(false))
                .toList();
    }
}
