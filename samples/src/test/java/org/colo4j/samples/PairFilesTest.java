package org.colo4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.colo4j.ColoPairSpec;
import org.colo4j.ColoProblem;
import org.colo4j.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pair files under samples/pair-files stay valid, say what they claim, and match the README. */
class PairFilesTest {

    private static final Path LOOPBACK = Path.of("pair-files/loopback.yaml");
    private static final Path TWO_HOSTS = Path.of("pair-files/two-hosts.yaml");

    @Test
    void theLoopbackPairIsValidWithoutWarningsAndForwardsAPortOnlyFromThePrimary() {
        ColoPairSpec spec = ColoPairSpec.read(LOOPBACK);
        assertThat(spec.warnings()).isEmpty();
        assertThat(spec.primaryArgv()).contains("user,hostfwd=tcp:127.0.0.1:2222-:22,id=hn0");
        assertThat(spec.secondaryArgv()).contains("user,id=hn0").noneMatch(a -> a.contains("hostfwd"));
        assertThat(spec.checkpointDelay().toMillis()).isEqualTo(500);
    }

    @Test
    void theTwoHostPairGivesEachHostItsOwnSettingsAndWarnsAboutEveryPlainTextChannel() {
        ColoPairSpec spec = ColoPairSpec.read(TWO_HOSTS);
        assertThat(spec.warnings()).extracting(ColoProblem::field).containsExactly("secondary.nbdPort",
                "secondary.migrationPort", "nics[0].ports.mirror", "nics[0].ports.secondaryIn");
        assertThat(spec.primaryArgv()).startsWith("qemu-system-x86_64", "-name", "vm-a")
                .contains("file:/var/log/colo/vm-a.serial", "tap,ifname=tap0,script=no,downscript=no,id=hn0");
        assertThat(spec.secondaryArgv()).startsWith("/opt/qemu-7.2/bin/qemu-system-x86_64", "-name", "vm-b")
                .contains("file:/var/log/colo/vm-b.serial", "/var/log/colo/qemu-vm-b.log",
                        "tap,ifname=tap-colo,script=no,downscript=no,id=hn0");
        assertThat(spec.primary().qmpConnect().toString()).isEqualTo("unix:/run/colo4j/vm-a.qmp");
        assertThat(spec.machine(Role.SECONDARY).memoryMiB()).isEqualTo(2048);
    }

    @Test
    void bothSamplesSurviveARoundTrip(@TempDir Path dir) {
        for (Path sample : new Path[] {LOOPBACK, TWO_HOSTS}) {
            ColoPairSpec spec = ColoPairSpec.read(sample);
            Path json = dir.resolve(sample.getFileName() + ".json");
            spec.write(json);
            assertThat(ColoPairSpec.read(json)).isEqualTo(spec);
        }
    }

    @Test
    void theToolListsThePortsToOpenPerDirection() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PairFileTool.ports(ColoPairSpec.read(TWO_HOSTS), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                While vm-a is the primary and vm-b the secondary:
                  open on vm-b (192.0.2.20) to vm-a (192.0.2.10):
                    tcp 9999  NBD disk replication: the primary writes the guest's disks (plain text)
                    tcp 9998  migration: every checkpoint, with the guest's RAM (plain text)
                  open on vm-a (192.0.2.10) to vm-b (192.0.2.20):
                    tcp 9003  COLO proxy mirror0: the primary's incoming packets of hn0 to the secondary (plain text)
                    tcp 9004  COLO proxy compare1: the secondary's packets of hn0 back for comparison (plain text)
                After a failover and resume that make vm-b the primary and vm-a its secondary:
                  open on vm-a (192.0.2.10) to vm-b (192.0.2.20):
                    tcp 9999  NBD disk replication: the primary writes the guest's disks (plain text)
                    tcp 9998  migration: every checkpoint, with the guest's RAM (plain text)
                  open on vm-b (192.0.2.20) to vm-a (192.0.2.10):
                    tcp 9003  COLO proxy mirror0: the primary's incoming packets of hn0 to the secondary (plain text)
                    tcp 9004  COLO proxy compare1: the secondary's packets of hn0 back for comparison (plain text)
                Never open (loopback on the primary): 9001, 9005; and no QMP port: the controller reaches QMP through\
                 SSH (port 22) or on the host itself.
                """);
    }

    @Test
    void theLoopbackPairsChannelsAreNotPlainTextOnTheNetwork() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PairFileTool.ports(ColoPairSpec.read(LOOPBACK), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("plain text").contains("tcp 9999", "tcp 9003");
    }

    @Test
    void theArgvIsOneShellLine() {
        assertThat(PairFileTool.shell(ColoPairSpec.read(TWO_HOSTS).primaryArgv()))
                .startsWith("qemu-system-x86_64 -name vm-a -machine pc-i440fx-7.2,accel=kvm -m 2048 -smp 2 -nodefaults")
                .endsWith(" -qmp unix:/run/colo/vm-a.qmp,server=on,wait=off -S");
        assertThat(PairFileTool.shell(java.util.List.of("a b", "it's", "-x"))).isEqualTo("'a b' 'it'\\''s' -x");
    }

    @Test
    void theReadmeShowsTheTwoHostFileAsItIs() throws IOException {
        assertThat(Files.readString(Path.of("../README.md"))).contains(Files.readString(TWO_HOSTS));
    }
}
