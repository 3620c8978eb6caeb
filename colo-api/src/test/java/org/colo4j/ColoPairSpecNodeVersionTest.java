package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.colo4j.qmp.QemuVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each node rendered for its own QEMU: a node's own version, else the spec's, else its own machine
 * binary's {@code --version} (stand-in scripts here, so no QEMU runs); and the warnings when two
 * builds render the pair differently.
 */
class ColoPairSpecNodeVersionTest {

    private static final Path DIR = Path.of("/var/lib/colo");

    @Test
    void eachNodeIsProbedThroughItsOwnBinary(@TempDir Path tmp) throws IOException {
        QemuCommandLine old = machine(fakeQemu(tmp, "a", "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u16)"));
        QemuCommandLine newer = machine(fakeQemu(tmp, "b", "QEMU emulator version 10.0.13"));
        ColoPairSpec spec = Specs.reference(DIR).qemuVersion(null)
                .primary(Specs.primaryNode(DIR).machine(old).build())
                .secondary(Specs.secondaryNode(DIR).machine(newer).build()).build();

        assertThat(spec.qemuVersion(Role.PRIMARY)).isEqualTo(QemuVersion.of(7, 2, 22)).isEqualTo(spec.qemuVersion());
        assertThat(spec.qemuVersion(Role.SECONDARY)).isEqualTo(QemuVersion.of(10, 0, 13));
        assertThat(spec.secondaryArgv()).contains("socket,id=red0,host=127.0.0.1,port=9003,reconnect-ms=1000");
        assertThat(spec.toString()).contains("QEMU 7.2.22 (secondary 10.0.13)");
    }

    @Test
    void buildsThatRenderDifferentlyAreAWarningSayingWhat() {
        ColoPairSpec spec = Specs.reference(DIR)
                .secondary(Specs.secondaryNode(DIR).qemuVersion(QemuVersion.of(10, 0, 13)).build()).build();
        assertThat(spec.warnings()).extracting(ColoProblem::field)
                .containsExactly("secondary.qemuVersion", "primary.machine.machine");
        assertThat(spec.warnings().get(0).message()).contains("the secondary 'secondary' runs QEMU 10.0.13 and the primary"
                + " 'primary' QEMU 7.2.22", "so the secondary's argv differs from a pair on one build")
                .doesNotContain("plan");
        assertThat(spec.warnings().get(1).message()).contains("'pc' is an alias", "pc-i440fx-7.2");
    }

    @Test
    void xColoWithAndWithoutReturnPathIsNamed() {
        ColoPairSpec spec = Specs.reference(DIR).machine(QemuCommandLine.builder().machine("pc-i440fx-7.2").build())
                .secondary(Specs.secondaryNode(DIR).qemuVersion(QemuVersion.of(11, 1, 3)).build()).build();
        assertThat(spec.warnings()).extracting(ColoProblem::field)
                .containsExactly("secondary.qemuVersion", "secondary.qemuVersion");
        assertThat(spec.warnings().get(0).message()).contains("the plan's 'start: secondary'");
        assertThat(spec.warnings().get(1).message()).contains("return-path", "11.0.0");
        assertThat(spec.plan().phase("start: secondary").orElseThrow().steps().get(0).describe()).contains("return-path");
        assertThat(spec.plan().phase("start: primary").orElseThrow().steps()).extracting(ColoStep::describe)
                .filteredOn(d -> d.contains("migrate-set-capabilities")).singleElement()
                .satisfies(d -> assertThat(d).doesNotContain("return-path"));
    }

    @Test
    void buildsThatRenderAlikeGiveNoWarning() {
        ColoPairSpec spec = Specs.reference(DIR)
                .secondary(Specs.secondaryNode(DIR).qemuVersion(QemuVersion.of(7, 2, 19)).build()).build();
        assertThat(spec.qemuVersion(Role.SECONDARY)).isEqualTo(QemuVersion.of(7, 2, 19));
        assertThat(spec.warnings()).isEmpty();
    }

    @Test
    void aNodesOwnVersionWinsOverTheSpecsAndNothingIsProbed(@TempDir Path tmp) throws IOException {
        Path binary = fakeQemu(tmp, "a", "QEMU emulator version 11.1.3");
        ColoPairSpec spec = Specs.reference(DIR).machine(machine(binary))
                .primary(Specs.primaryNode(DIR).qemuVersion(QemuVersion.of(7, 2, 20)).build()).build();
        assertThat(spec.qemuVersion(Role.PRIMARY)).isEqualTo(QemuVersion.of(7, 2, 20));
        assertThat(spec.qemuVersion(Role.SECONDARY)).isEqualTo(Specs.QEMU);
        assertThat(tmp.resolve("a.calls")).doesNotExist();
    }

    @Test
    void aNodesOwnBinaryThatCannotBeProbedIsNamedWithTheNode(@TempDir Path tmp) {
        String bogus = tmp.resolve("nope/qemu-system-x86_64").toString();
        ColoValidationException e = catchThrowableOfType(() -> Specs.reference(DIR).qemuVersion(null)
                .machine(QemuCommandLine.builder().binary(bogus + "-shared").build())
                .secondary(Specs.secondaryNode(DIR).machine(QemuCommandLine.builder().binary(bogus).build()).build()).build(),
                ColoValidationException.class);
        assertThat(e.problems()).extracting(ColoProblem::field).containsExactly("qemuVersion", "secondary.qemuVersion");
        assertThat(e.problems().get(1).message()).contains(bogus + " --version", "secondary.machine.binary",
                "this node (on its ColoNode)");
    }

    @Test
    void theSpecsVersionAppliesToBothNodesWithoutTheirOwn() {
        ColoPairSpec spec = Specs.reference(DIR).qemuVersion(QemuVersion.of(9, 2, 0)).build();
        assertThat(spec.qemuVersion(Role.PRIMARY)).isEqualTo(spec.qemuVersion(Role.SECONDARY)).isEqualTo(QemuVersion.of(9, 2, 0));
    }

    private static QemuCommandLine machine(Path binary) {
        return QemuCommandLine.builder().binary(binary.toString()).build();
    }

    /** A script named {@code name} that records its calls in {@code <name>.calls} and prints {@code firstLine}. */
    private static Path fakeQemu(Path dir, String name, String firstLine) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> '" + dir.resolve(name + ".calls") + "'\necho '" + firstLine + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
