package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.colo4j.PairFileException.Located;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pair file errors name the file, the line and column and the field, and carry validation's fix. */
class PairFileErrorTest {

    @TempDir
    Path dir;

    /** A valid loopback pair; lines are numbered in the comments the tests refer to. */
    private static final String VALID = """
            primary:
              name: primary
              address: 127.0.0.1
              qmp: unix:/run/colo/primary.qmp
            secondary:
              name: secondary
              address: 127.0.0.2
              qmp: unix:/run/colo/secondary.qmp
            disks:
              - primaryImage: /var/lib/colo/p.qcow2
                secondaryImage: /var/lib/colo/s.qcow2
                activeImage: /var/lib/colo/a.qcow2
                hiddenImage: /var/lib/colo/h.qcow2
                virtualSize: 64MiB
            nics:
              - netdev: hn0
            qemuVersion: 7.2.22
            """;

    @Test
    void theValidFileReads() throws IOException {
        assertThat(read("pair.yaml", VALID).primary().name()).isEqualTo("primary");
    }

    @Test
    void aValidationProblemIsPlacedAtItsField() throws IOException {
        PairFileException e = fail("pair.yaml", VALID.replace("  address: 127.0.0.2\n", "  address: 127.0.0.2\n  nbdPort: 0\n"));
        assertThat(e).isInstanceOf(ColoValidationException.class);
        assertThat(e.file()).isEqualTo(dir.resolve("pair.yaml"));
        assertThat(e.located()).singleElement().satisfies(l -> {
            assertThat(l.problem().field()).isEqualTo("secondary.nbdPort");
            assertThat(l.problem().message()).isEqualTo("must be 1-65535, got 0");
            assertThat(l.line()).isEqualTo(8);
            assertThat(l.column()).isEqualTo(3);
        });
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.column()).isEqualTo(3);
        assertThat(e.problems()).extracting(ColoProblem::field).containsExactly("secondary.nbdPort");
        assertThat(e.getMessage()).isEqualTo("pair file " + dir.resolve("pair.yaml") + " is invalid (1 problem):\n  - "
                + dir.resolve("pair.yaml") + ":8:3: secondary.nbdPort: must be 1-65535, got 0");
    }

    @Test
    void anUnknownFieldIsNamedWithTheKnownOnes() throws IOException {
        PairFileException e = fail("pair.yaml", VALID.replace("  name: secondary\n", "  name: secondary\n  nbdport: 7000\n"));
        Located l = e.located().get(0);
        assertThat(l.problem().field()).isEqualTo("secondary.nbdport");
        assertThat(l.problem().message()).contains("is not a field of secondary (did you mean nbdPort?)",
                "the known fields are name, address, listenAddress, qmp, qmpConnect, allowPlainTextQmp, migrationPort,"
                        + " nbdPort, qemuVersion, machine, nicBackends");
        assertThat(List.of(l.line(), l.column())).containsExactly(7, 3);
    }

    @Test
    void anUnknownTopLevelFieldListsTheTopLevelFields() throws IOException {
        PairFileException e = fail("pair.json", "{\"tlz\": {}}");
        assertThat(e.located()).extracting(l -> l.problem().field()).containsExactly("primary", "secondary", "disks", "tlz");
        assertThat(e.located().get(3)).satisfies(l -> {
            assertThat(l.problem().message()).contains("is not a field of a pair file", "primary, secondary, machine,"
                    + " disks, nics, checkpointDelay, portPlan, qemuVersion");
            assertThat(List.of(l.line(), l.column())).containsExactly(1, 2);
        });
    }

    @Test
    void wrongTypesAreNamed() throws IOException {
        PairFileException e = fail("pair.yaml", VALID + "machine:\n  memoryMiB: lots\n  headless: maybe\n  extra: -snapshot\n"
                + "checkpointDelay: 2\n");
        assertThat(e.located()).extracting(l -> l.problem().field() + "@" + l.line() + ": " + l.problem().message())
                .containsExactly(
                        "machine.memoryMiB@19: must be a whole number, got the text 'lots'",
                        "machine.headless@20: must be true or false, got the text 'maybe'",
                        "machine.extra@21: must be a list, got the text '-snapshot'",
                        "checkpointDelay@22: must be a whole number with a unit, ms or s (also ns, m), e.g. 500ms or 2s;"
                                + " got '2'");
    }

    @Test
    void everyProblemIsReportedInFileOrder() throws IOException {
        PairFileException e = fail("pair.yaml", VALID.replace("address: 127.0.0.1", "address: 0.0.0.0")
                .replace("qmp: unix:/run/colo/secondary.qmp", "qmp: http://x")
                .replace("  - netdev: hn0", "  - netdev: hn0\n    backend: tap,vhost=on"));
        assertThat(e.located()).extracting(l -> l.problem().field()).containsExactly("primary.address", "secondary.qmp");
        assertThat(e.located().get(0).problem().message()).contains("wildcard");
        assertThat(e.located().get(1).problem().message()).contains("unix:/path/to/socket or tcp:host:port");
        assertThat(e.line()).isEqualTo(3);
    }

    @Test
    void proxyAndBlockGraphProblemsArePlacedAtTheFilesFields() throws IOException {
        PairFileException e = fail("pair.yaml", VALID.replace("hiddenImage: /var/lib/colo/h.qcow2", "hiddenImage: /var/lib/colo/a.qcow2")
                .replace("  - netdev: hn0", "  - netdev: hn0\n    backend: tap,ifname=t0,vhost=on"));
        assertThat(e.located()).extracting(l -> l.problem().field() + "@" + l.line())
                .containsExactly("disks[0].hiddenImage@13", "nics[0].backend@17");
        assertThat(e.located().get(1).problem().message()).containsIgnoringCase("vhost");
    }

    @Test
    void aPartsOwnValidationIsPlacedUnderItsPath() throws IOException {
        PairFileException e = fail("pair.yaml", VALID.replace("  qmp: unix:/run/colo/secondary.qmp\n",
                "  qmp: unix:/run/colo/secondary.qmp\n  machine:\n    accel: tcg,thread\n  nicBackends:\n    hn9: user\n"));
        assertThat(e.located()).extracting(l -> l.problem().field() + "@" + l.line())
                .containsExactly("secondary.machine.accel@10");
        PairFileException e2 = fail("pair2.yaml", VALID.replace("  qmp: unix:/run/colo/secondary.qmp\n",
                "  qmp: unix:/run/colo/secondary.qmp\n  nicBackends:\n    hn9: user\n"));
        assertThat(e2.located()).extracting(l -> l.problem().field() + "@" + l.line())
                .containsExactly("secondary.nicBackends.hn9@10");
    }

    @Test
    void aMissingNodeIsPlacedAtTheTop() throws IOException {
        PairFileException e = fail("pair.yaml", VALID.substring(VALID.indexOf("secondary:")));
        assertThat(e.located()).singleElement().satisfies(l -> {
            assertThat(l.problem()).isEqualTo(new ColoProblem("primary", "is required: ColoNode.builder()...build()"));
            assertThat(List.of(l.line(), l.column())).containsExactly(1, 1);
        });
    }

    @Test
    void jsonSyntaxErrorsHaveTheirLineAndColumn() throws IOException {
        PairFileException e = fail("pair.json", "{\n  \"primary\": {\"name\": \"a\"\n  \"secondary\": {}\n}\n");
        assertThat(e.located()).singleElement().satisfies(l -> {
            assertThat(l.problem().field()).isEqualTo("(syntax)");
            assertThat(l.problem().message()).startsWith("is not valid JSON: Unexpected character");
            assertThat(l.line()).isEqualTo(3);
        });
    }

    @Test
    void yamlSyntaxErrorsHaveTheirLine() throws IOException {
        PairFileException e = fail("pair.yml", "primary:\n  name: a\n address: b\n");
        assertThat(e.located()).singleElement().satisfies(l -> {
            assertThat(l.problem().field()).isEqualTo("(syntax)");
            assertThat(l.problem().message()).startsWith("is not valid YAML");
            assertThat(l.line()).isEqualTo(3);
        });
    }

    @Test
    void aFieldGivenTwiceIsAProblem() throws IOException {
        PairFileException e = fail("pair.yaml", VALID.replace("  name: primary\n", "  name: primary\n  name: other\n"));
        assertThat(e.located()).extracting(l -> l.problem().field() + "@" + l.line()).containsExactly("primary.name@3");
        assertThat(e.located().get(0).problem().message()).contains("given twice");
    }

    @Test
    void fileLevelProblemsHaveLineZero() throws IOException {
        PairFileException missing = catchThrowableOfType(() -> ColoPairSpec.read(dir.resolve("none.yaml")), PairFileException.class);
        assertThat(missing.line()).isZero();
        assertThat(missing.getMessage()).contains(dir.resolve("none.yaml") + ": (file): cannot be read");
        assertThat(fail("pair.txt", VALID).located().get(0).problem().message()).contains(".json, .yaml or .yml");
        assertThat(fail("pair.json", "  ").located().get(0).problem().message()).contains("is empty");
        assertThat(fail("pair.json", "[1]").located().get(0).problem().message()).contains("must be an object");
    }

    @Test
    void aBadTlsChannelNamesTheFieldAndTheChoices() throws IOException {
        PairFileException e = fail("pair.yaml", VALID + "tls:\n  dir: /etc/pki/qemu\n  channels: [nbd, disk]\n");
        assertThat(e.located()).singleElement().satisfies(l -> {
            assertThat(l.problem().field()).isEqualTo("tls.channels[1]");
            assertThat(l.problem().message()).contains("nbd, migration or proxy").contains("'disk'");
        });
    }

    private ColoPairSpec read(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return ColoPairSpec.read(file);
    }

    private PairFileException fail(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return catchThrowableOfType(() -> ColoPairSpec.read(file), PairFileException.class);
    }
}
