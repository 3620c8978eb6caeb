package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.colo4j.qmp.QemuVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pair files lose nothing: specs varying every value ({@link RandomSpecs}) written as JSON and YAML
 * read back equal, with the same argv and plan, and write the same bytes again; defaults are left out.
 */
class PairFileRoundTripTest {

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 60);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everySpecComesBackEqualFromJsonAndYaml(long seed) throws IOException {
        ColoPairSpec spec = RandomSpecs.of(seed);
        for (String name : new String[] {"pair.json", "pair.yaml", "pair.yml"}) {
            Path file = dir.resolve(seed + "-" + name);
            spec.write(file);
            ColoPairSpec back = ColoPairSpec.read(file);
            assertThat(back).as("%s\n%s", name, Files.readString(file)).isEqualTo(spec).hasSameHashCodeAs(spec);
            assertThat(back.primaryArgv()).isEqualTo(spec.primaryArgv());
            assertThat(back.secondaryArgv()).isEqualTo(spec.secondaryArgv());
            assertThat(back.plan()).isEqualTo(spec.plan());
            assertThat(back.warnings()).isEqualTo(spec.warnings());
            assertThat(back.toString()).isEqualTo(spec.toString());
            Path again = dir.resolve(seed + "-again-" + name);
            back.write(again);
            assertThat(Files.readString(again)).isEqualTo(Files.readString(file));
        }
    }

    @Test
    void theSeedsCoverEveryKindOfValue() throws IOException {
        StringBuilder all = new StringBuilder();
        for (long seed : seeds().toArray()) {
            Path file = dir.resolve(seed + ".yaml");
            RandomSpecs.of(seed).write(file);
            all.append(Files.readString(file));
        }
        for (String field : new String[] {"listenAddress:", "qmpConnect:", "allowPlainTextQmp:", "migrationPort:", "nbdPort:",
                "qemuVersion:", "nicBackends:", "accel:", "memoryMiB:", "cpus:", "cpu:", "headless:", "serial:",
                "serial: null", "logFile:", "logItems:", "extra:", "id:", "parentId:", "driveInterface:", "virtualSize:",
                "format: raw", "backend:", "model:", "mac:", "ports:", "checkpointDelay:", "ns", "portPlan:", "tcp:[::1]", "tls:", "nodes:", "channels:"}) {
            assertThat(all).as(field).contains(field);
        }
    }

    @Test
    void defaultsAreLeftOut() throws IOException {
        ColoPairSpec spec = Specs.reference(Path.of("/var/lib/colo")).build();
        Path file = dir.resolve("pair.yaml");
        spec.write(file);
        assertThat(Files.readString(file)).isEqualTo("""
                primary:
                  name: primary
                  address: 127.0.0.1
                  qmp: unix:/var/lib/colo/primary.qmp
                secondary:
                  name: secondary
                  address: 127.0.0.2
                  qmp: unix:/var/lib/colo/secondary.qmp
                disks:
                  - id: colo-disk0
                    virtualSize: 64MiB
                    primaryImage: /var/lib/colo/primary.qcow2
                    secondaryImage: /var/lib/colo/secondary-parent.qcow2
                    activeImage: /var/lib/colo/secondary-active.qcow2
                    hiddenImage: /var/lib/colo/secondary-hidden.qcow2
                nics:
                  - netdev: hn0
                qemuVersion: 7.2.22
                """);
    }

    @Test
    void jsonLooksLikeJson() throws IOException {
        Path file = dir.resolve("pair.json");
        Specs.reference(Path.of("/var/lib/colo")).build().write(file);
        assertThat(Files.readString(file)).startsWith("{\n  \"primary\" : {\n    \"name\" : \"primary\",")
                .endsWith("  \"qemuVersion\" : \"7.2.22\"\n}\n");
    }

    @Test
    void aProbedVersionIsNotWrittenAndIsProbedAgainOnRead(@TempDir Path bin) throws IOException {
        Path qemu = bin.resolve("qemu");
        Files.writeString(qemu, "#!/bin/sh\necho 'QEMU emulator version 10.0.13'\n");
        qemu.toFile().setExecutable(true);
        ColoPairSpec spec = Specs.reference(Path.of("/var/lib/colo")).qemuVersion(null)
                .machine(QemuCommandLine.builder().binary(qemu.toString()).build()).build();
        Path file = dir.resolve("pair.yaml");
        spec.write(file);
        assertThat(Files.readString(file)).doesNotContain("qemuVersion");
        ColoPairSpec back = ColoPairSpec.read(file);
        assertThat(back).isEqualTo(spec);
        assertThat(back.qemuVersion()).isEqualTo(QemuVersion.of(10, 0, 13));
    }

    @Test
    void writingReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("pair.json");
        Files.writeString(file, "old");
        Specs.reference(Path.of("/var/lib/colo")).build().write(file);
        assertThat(ColoPairSpec.read(file)).isEqualTo(Specs.reference(Path.of("/var/lib/colo")).build());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
