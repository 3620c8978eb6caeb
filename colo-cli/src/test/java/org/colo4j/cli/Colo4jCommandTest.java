package org.colo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.colo4j.ColoPairSpec;
import org.colo4j.testkit.FakeColoPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subcommands that touch no QEMU (argv, plan) and the errors for bad input, run in-process. */
class Colo4jCommandTest {

    @TempDir
    Path dir;

    private Path pairFile() {
        Path file = dir.resolve("pair.yaml");
        FakeColoPair.loopbackSpec(dir).write(file);
        return file;
    }

    @Test
    void argvPrintsEachNodesCommandLineAsTheSpecRendersIt() throws Exception {
        Path file = pairFile();
        ColoPairSpec spec = ColoPairSpec.read(file);
        CliRun run = CliRun.of("argv", "--pair", file.toString(), "--node", "secondary", "--json");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode argv = Json.MAPPER.readTree(run.out());
        assertThat(argv.size()).isEqualTo(spec.secondaryArgv().size());
        for (int i = 0; i < argv.size(); i++) {
            assertThat(argv.get(i).asText()).isEqualTo(spec.secondaryArgv().get(i));
        }
        CliRun both = CliRun.of("argv", "--pair", file.toString());
        assertThat(both.out()).contains("# primary primary\n" + Shell.line(spec.primaryArgv()) + "\n")
                .contains("# secondary secondary\n" + Shell.line(spec.secondaryArgv()) + "\n");
    }

    @Test
    void shellQuotingKeepsEveryArgumentWhole() {
        assertThat(Shell.line(java.util.List.of("a b", "it's", "-m", "x,,y=1"))).isEqualTo("'a b' 'it'\\''s' -m x,,y=1");
    }

    @Test
    void planJsonHasEveryStepOfEveryPhase() throws Exception {
        Path file = pairFile();
        ColoPairSpec spec = ColoPairSpec.read(file);
        CliRun run = CliRun.of("plan", "--pair", file.toString(), "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode phases = Json.MAPPER.readTree(run.out()).get("phases");
        assertThat(phases.size()).isEqualTo(spec.plan().phases().size());
        for (int i = 0; i < phases.size(); i++) {
            var phase = spec.plan().phases().get(i);
            assertThat(phases.get(i).get("name").asText()).isEqualTo(phase.name());
            assertThat(phases.get(i).get("steps").size()).isEqualTo(phase.steps().size());
        }
        assertThat(run.out()).contains("\"execute\":\"x-colo-lost-heartbeat\"");
        assertThat(CliRun.of("plan", "--pair", file.toString()).out()).isEqualTo(spec.plan() + "\n");
    }

    @Test
    void aMissingPairFileIsOneLineAndExit5() {
        CliRun run = CliRun.of("status", "--pair", dir.resolve("nope.yaml").toString());
        assertThat(run.code()).isEqualTo(ExitCodes.BAD_PAIR_FILE);
        assertThat(run.err()).isEqualTo("colo4j: pair file " + dir.resolve("nope.yaml") + ": no such file\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badYamlNamesTheFileAndLine() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "primary:\n  name: a\n  address: [unclosed\nsecondary: {}\n");
        CliRun run = CliRun.of("plan", "--pair", file.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.BAD_PAIR_FILE);
        assertThat(run.err()).startsWith("colo4j: " + file + ":").contains("(syntax)").contains("YAML");
        assertThat(run.err().lines()).allMatch(l -> l.startsWith("colo4j: " + file + ":"));
    }

    @Test
    void everyInvalidFieldIsItsOwnLocatedLine() throws Exception {
        Path file = pairFile();
        String text = Files.readString(file).replace("name: secondary", "name: secondary\n  nbdport: 1");
        Files.writeString(file, text);
        CliRun run = CliRun.of("argv", "--pair", file.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.BAD_PAIR_FILE);
        assertThat(run.err()).containsPattern("colo4j: " + java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: secondary.nbdport: ")
                .contains("did you mean nbdPort?");
    }

    @Test
    void anUnknownNodeNameListsTheNodesAndExits2() {
        Path file = pairFile();
        CliRun run = CliRun.of("argv", "--pair", file.toString(), "--node", "vm-z");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("colo4j: unknown node 'vm-z' in " + file
                + ": its nodes are 'primary' (primary) and 'secondary' (secondary)\n");
    }

    @Test
    void usageErrorsExit2() {
        CliRun none = CliRun.of();
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).startsWith("colo4j: a subcommand is missing");
        CliRun unknown = CliRun.of("stauts");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("stauts");
        CliRun noPair = CliRun.of("failover", "--on", "x");
        assertThat(noPair.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noPair.err()).contains("--pair");
    }

    @Test
    void badJsonArgumentsAreUsageErrorsBeforeAnyConnection() {
        Path file = pairFile();
        CliRun bad = CliRun.of("qmp", "--pair", file.toString(), "primary", "query-status", "{\"a\":");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("colo4j: bad JSON argument at column").doesNotContain("\n\n");
        assertThat(bad.err().lines()).hasSize(1);
        CliRun array = CliRun.of("qmp", "--pair", file.toString(), "primary", "query-status", "[1]");
        assertThat(array.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(array.err()).contains("a JSON object").contains("got array");
    }

    @Test
    void everySubcommandIsKnownWhetherOrNotItIsTheOneInvoked() {
        var all = Colo4j.commandLine(new String[0]).getSubcommands().keySet();
        assertThat(all).containsExactly("argv", "plan", "preflight", "start", "status", "failover", "resume", "qmp", "events");
        for (String name : all) {
            var one = Colo4j.commandLine(new String[] {name, "--help"}).getSubcommands();
            assertThat(one.keySet()).containsExactly(name);
            assertThat(one.get(name).getCommandSpec().name()).isEqualTo(name);
            CliRun help = CliRun.of(name, "--help");
            assertThat(help.code()).isZero();
            assertThat(help.out()).startsWith("Usage: colo4j " + name + " ").contains("--pair=FILE");
        }
    }

    @Test
    void theCdsTrainingRunsEveryCallAndReportsItsCode() {
        Path file = pairFile();
        java.io.StringWriter out = new java.io.StringWriter();
        assertThat(Colo4j.train(file.toString(), new java.io.PrintWriter(out))).isZero();
        // No QEMU runs at the pair's sockets: the calls that need one exit 3, the others 0.
        // The calls run on a copy whose QMP endpoints lead nowhere: those that need a QEMU exit 3, the others 0.
        String copy = out.toString().lines().findFirst().orElseThrow().replaceAll("^colo4j status --pair (.*): exit 3$", "$1");
        assertThat(copy).isNotEqualTo(file.toString()).endsWith("pair.yaml");
        assertThat(out.toString().lines()).containsExactly(
                "colo4j status --pair " + copy + ": exit 3",
                "colo4j status --pair " + copy + " --node primary --state: exit 3",
                "colo4j status --pair " + copy + " --node primary --json: exit 3",
                "colo4j failover --pair " + copy + " --on primary: exit 3",
                "colo4j argv --pair " + copy + ": exit 0",
                "colo4j plan --pair " + copy + " --json: exit 0",
                "colo4j status --help: exit 0");
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun run = CliRun.of("--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Exit codes:").contains("3   node unreachable").contains("resume").contains("events");
    }
}
