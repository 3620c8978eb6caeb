package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.colo4j.qmp.QemuVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One spec rendered for the QEMU builds colo4j is run on (7.2.22 from Debian 12, 10.0.13 from
 * Debian 13, 11.1.3 from sid), golden; and the version of a spec that does not set one, taken from
 * its machine binary (a stand-in script here, so no QEMU runs).
 */
class ColoPairSpecVersionTest {

    private static final Path DIR = Path.of("/var/lib/colo");

    private static final String SECONDARY_START = "start: secondary";
    private static final String PRIMARY_START = "start: primary";

    private static ColoPairSpec spec(int major, int minor, int micro) {
        return Specs.reference(DIR).qemuVersion(QemuVersion.of(major, minor, micro)).build();
    }

    // ---- argv: chardev reconnect (reconnect-ms since 9.2, reconnect removed in 10.2)

    @Test
    void qemu7222ReconnectsInSeconds() {
        assertThat(chardevs(spec(7, 2, 22).secondaryArgv())).containsExactly(
                "socket,id=red0,host=127.0.0.1,port=9003,reconnect=1",
                "socket,id=red1,host=127.0.0.1,port=9004,reconnect=1");
    }

    @Test
    void qemu10013ReconnectsInMilliseconds() {
        assertThat(chardevs(spec(10, 0, 13).secondaryArgv())).containsExactly(
                "socket,id=red0,host=127.0.0.1,port=9003,reconnect-ms=1000",
                "socket,id=red1,host=127.0.0.1,port=9004,reconnect-ms=1000");
    }

    @Test
    void qemu1113ReconnectsInMillisecondsBecause102RemovedReconnect() {
        assertThat(chardevs(spec(11, 1, 3).secondaryArgv())).containsExactly(
                "socket,id=red0,host=127.0.0.1,port=9003,reconnect-ms=1000",
                "socket,id=red1,host=127.0.0.1,port=9004,reconnect-ms=1000");
        assertThat(spec(11, 1, 3).primaryArgv()).noneMatch(a -> a.contains("reconnect="));
    }

    @Test
    void everythingButTheReconnectIsTheSameOn7222And1113() {
        List<String> old = spec(7, 2, 22).secondaryArgv().stream().map(a -> a.replace(",reconnect=1", ",reconnect-ms=1000")).toList();
        assertThat(spec(11, 1, 3).secondaryArgv()).isEqualTo(old);
    }

    // ---- plan: x-colo alone before 11, with return-path since

    @Test
    void bothNodesSendXColoAloneOn7222And10013() {
        for (ColoPairSpec spec : List.of(spec(7, 2, 22), spec(10, 0, 13))) {
            assertThat(capabilities(spec, SECONDARY_START)).as("%s", spec.qemuVersion())
                    .containsExactly("{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":"
                            + "[{\"capability\":\"x-colo\",\"state\":true}]}}");
            assertThat(capabilities(spec, PRIMARY_START)).as("%s", spec.qemuVersion())
                    .containsExactly("{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":"
                            + "[{\"capability\":\"x-colo\",\"state\":true}]}}");
        }
    }

    @Test
    void bothNodesSendReturnPathWithXColoOn1113() {
        String both = "{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":"
                + "[{\"capability\":\"x-colo\",\"state\":true},{\"capability\":\"return-path\",\"state\":true}]}}";
        assertThat(capabilities(spec(11, 1, 3), SECONDARY_START)).containsExactly(both);
        assertThat(capabilities(spec(11, 1, 3), PRIMARY_START)).containsExactly(both);
    }

    // ---- no silent version

    @Test
    void unsetVersionIsTheMachineBinarysVersionProbedOnce(@TempDir Path tmp) throws IOException {
        Path calls = tmp.resolve("calls");
        Path binary = fakeQemu(tmp, "QEMU emulator version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)", calls);
        QemuCommandLine machine = QemuCommandLine.builder().binary(binary.toString()).build();

        ColoPairSpec first = Specs.reference(DIR).qemuVersion(null).machine(machine).build();
        ColoPairSpec second = Specs.reference(DIR).qemuVersion(null).machine(machine).build();

        assertThat(first.qemuVersion()).isEqualTo(QemuVersion.of(10, 0, 13));
        assertThat(second.qemuVersion()).isEqualTo(QemuVersion.of(10, 0, 13));
        assertThat(first.secondaryArgv()).anyMatch(a -> a.endsWith(",reconnect-ms=1000"));
        assertThat(Files.readAllLines(calls)).containsExactly("--version");
    }

    @Test
    void anExplicitVersionWinsAndTheBinaryIsNotAsked(@TempDir Path tmp) throws IOException {
        Path calls = tmp.resolve("calls");
        Path binary = fakeQemu(tmp, "QEMU emulator version 11.1.3", calls);
        ColoPairSpec spec = Specs.reference(DIR).qemuVersion(QemuVersion.of(7, 2, 22))
                .machine(QemuCommandLine.builder().binary(binary.toString()).build()).build();
        assertThat(spec.qemuVersion()).isEqualTo(QemuVersion.of(7, 2, 22));
        assertThat(calls).doesNotExist();
    }

    @Test
    void aProbedVersionIsKeptByToBuilder(@TempDir Path tmp) throws IOException {
        Path binary = fakeQemu(tmp, "QEMU emulator version 11.1.3 (Debian 1:11.1.3+ds-1)", tmp.resolve("calls"));
        ColoPairSpec spec = Specs.reference(DIR).qemuVersion(null)
                .machine(QemuCommandLine.builder().binary(binary.toString()).build()).build();
        Files.delete(binary);
        assertThat(spec.toBuilder().build().qemuVersion()).isEqualTo(QemuVersion.of(11, 1, 3));
    }

    @Test
    void aBinaryThatPrintsNoVersionIsReported(@TempDir Path tmp) throws IOException {
        Path binary = fakeQemu(tmp, "qemu-system-x86_64: -version: invalid option", tmp.resolve("calls"));
        ColoValidationException e = catchValidation(() -> Specs.reference(DIR).qemuVersion(null)
                .machine(QemuCommandLine.builder().binary(binary.toString()).build()).build());
        assertThat(e.problems()).extracting(ColoProblem::field).containsExactly("qemuVersion");
        assertThat(e.problems().get(0).message()).contains("could not be probed", "invalid option",
                "set qemuVersion(QemuVersion.of(major, minor, micro))");
    }

    /** A script that records its arguments in {@code calls} and prints {@code firstLine}. */
    private static Path fakeQemu(Path dir, String firstLine, Path calls) throws IOException {
        Path script = dir.resolve("qemu-system-x86_64");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\necho '" + firstLine + "'\n"
                + "echo 'Copyright (c) 2003-2025 Fabrice Bellard and the QEMU Project developers'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static ColoValidationException catchValidation(Runnable r) {
        try {
            r.run();
        } catch (ColoValidationException e) {
            return e;
        }
        throw new AssertionError("expected a ColoValidationException");
    }

    private static List<String> capabilities(ColoPairSpec spec, String phase) {
        return spec.plan().phase(phase).orElseThrow().steps().stream().map(ColoStep::describe)
                .filter(j -> j.contains("migrate-set-capabilities")).toList();
    }

    private static List<String> chardevs(List<String> argv) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals("-chardev")) {
                values.add(argv.get(i + 1));
            }
        }
        return values;
    }
}
