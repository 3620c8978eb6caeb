package org.colo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.RunState;
import org.colo4j.testkit.FakeColoPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subcommands that talk QMP, run in-process against colo-testkit's fake QEMUs. */
class FakePairCommandsTest {

    @TempDir
    Path dir;

    private FakeColoPair fakes;
    private String pair;

    @BeforeEach
    void startFakes() {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        Path file = dir.resolve("pair.yaml");
        spec.write(file);
        pair = file.toString();
        fakes = FakeColoPair.start(ColoPairSpec.read(file));
    }

    @AfterEach
    void stopFakes() {
        fakes.close();
    }

    @Test
    void statusBeforeAndAfterStartReportsWhatTheQemusSay() throws Exception {
        CliRun before = CliRun.of("status", "--pair", pair, "--json");
        assertThat(before.code()).as(before.err()).isZero();
        JsonNode b = Json.MAPPER.readTree(before.out());
        assertThat(b.get("primary").get("runState").asText()).isEqualTo("prelaunch");
        assertThat(b.get("secondary").get("runState").asText()).isEqualTo("inmigrate");
        assertThat(b.get("primary").get("state").asText()).isEqualTo("waiting");

        CliRun preflight = CliRun.of("preflight", "--pair", pair);
        assertThat(preflight.code()).as(preflight.out() + preflight.err()).isZero();
        assertThat(preflight.out()).endsWith("preflight passed\n");

        CliRun start = CliRun.of("start", "--pair", pair);
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(start.out()).startsWith("COLO started in ");
        assertThat(fakes.primary().status().status()).isEqualTo(RunState.RUNNING);

        assertThat(CliRun.of("status", "--pair", pair, "--node", "primary", "--state").out()).isEqualTo("colo-primary\n");
        assertThat(CliRun.of("status", "--pair", pair, "--node", "secondary", "--state").out()).isEqualTo("colo-secondary\n");
        JsonNode s = Json.MAPPER.readTree(CliRun.of("status", "--pair", pair, "--node", "secondary", "--json").out());
        assertThat(s.get("coloMode").asText()).isEqualTo(ColoMode.SECONDARY.name().toLowerCase());
        assertThat(s.get("role").asText()).isEqualTo(Role.SECONDARY.toString());
    }

    @Test
    void aSecondStartIsRefusedByPreflightWithExit4() {
        fakes.startColo();
        CliRun preflight = CliRun.of("preflight", "--pair", pair, "--json");
        assertThat(preflight.code()).isEqualTo(ExitCodes.PREFLIGHT_REFUSED);
        assertThat(preflight.out()).contains("\"passed\":false");
        CliRun start = CliRun.of("start", "--pair", pair);
        assertThat(start.code()).isEqualTo(ExitCodes.PREFLIGHT_REFUSED);
        assertThat(start.err()).startsWith("colo4j: preflight refused the start (nothing was changed):\n");
        assertThat(start.err().lines()).allMatch(l -> l.startsWith("colo4j: "));
    }

    @Test
    void failoverOntoTheSecondaryWhenThePrimaryDiedThenResumeOntoTheRestartedNode() throws Exception {
        fakes.startColo();
        fakes.primary().kill();

        CliRun gone = CliRun.of("status", "--pair", pair, "--node", "primary", "--state");
        assertThat(gone.code()).isEqualTo(ExitCodes.NODE_UNREACHABLE);
        assertThat(gone.out()).isEqualTo("unreachable\n");
        CliRun refused = CliRun.of("failover", "--pair", pair, "--on", "primary");
        assertThat(refused.code()).isEqualTo(ExitCodes.NODE_UNREACHABLE);
        assertThat(refused.err()).startsWith("colo4j: ").contains("primary");

        CliRun failover = CliRun.of("failover", "--pair", pair, "--on", "secondary", "--json");
        assertThat(failover.code()).as(failover.err()).isZero();
        JsonNode f = Json.MAPPER.readTree(failover.out());
        assertThat(f.get("survivor").asText()).isEqualTo("secondary");
        assertThat(f.get("status").get("state").asText()).isEqualTo("alone");
        assertThat(fakes.secondary().status().status()).isEqualTo(RunState.RUNNING);

        Path next = dir.resolve("next.yaml");
        CliRun write = CliRun.of("resume", "--pair", pair, "--on", "secondary", "--write-next", next.toString());
        assertThat(write.code()).as(write.err()).isZero();
        ColoPairSpec nextSpec = ColoPairSpec.read(next);
        assertThat(nextSpec.primary().name()).isEqualTo("secondary");
        assertThat(nextSpec.secondary().name()).isEqualTo("primary");

        fakes.startNewSecondary(nextSpec);
        CliRun resume = CliRun.of("resume", "--pair", pair, "--on", "secondary", "--json");
        assertThat(resume.code()).as(resume.err()).isZero();
        JsonNode r = Json.MAPPER.readTree(resume.out());
        assertThat(r.get("primary").get("state").asText()).isEqualTo("colo-primary");
        assertThat(r.get("secondary").get("state").asText()).isEqualTo("colo-secondary");
        assertThat(r.get("secondary").get("name").asText()).isEqualTo("primary");
    }

    @Test
    void qmpPrintsTheReturnValueAndQemusErrorsExit1() throws Exception {
        CliRun ok = CliRun.of("qmp", "--pair", pair, "secondary", "query-status", "--json");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Json.MAPPER.readTree(ok.out()).get("status").asText()).isEqualTo("inmigrate");

        CliRun args = CliRun.of("qmp", "--pair", pair, "primary", "query-colo-status", "{}");
        assertThat(args.code()).as(args.err()).isZero();
        assertThat(Json.MAPPER.readTree(args.out()).get("mode").asText()).isEqualTo("none");

        CliRun bad = CliRun.of("qmp", "--pair", pair, "primary", "no-such-command");
        assertThat(bad.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err()).startsWith("colo4j: ").contains("CommandNotFound").contains("no-such-command");
        assertThat(bad.err().lines()).hasSize(1);

        fakes.secondary().kill();
        CliRun gone = CliRun.of("qmp", "--pair", pair, "secondary", "query-status");
        assertThat(gone.code()).isEqualTo(ExitCodes.NODE_UNREACHABLE);
        assertThat(gone.err().lines()).hasSize(1);
    }

    @Test
    void eventsStreamsEachEventOnOneLineUntilTheCount() throws Exception {
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(
                () -> CliRun.of("events", "--pair", pair, "primary", "--count", "2", "--json"));
        var data = Json.object().put("reason", "test");
        // The subscription starts after connecting: send until the command has printed two events.
        while (!run.isDone()) {
            fakes.primary().server().sendEvent(new QmpEvent("COLO_EXIT", data, Instant.now()));
            try {
                run.get(50, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                // send again
            }
        }
        CliRun events = run.get();
        assertThat(events.code()).as(events.err()).isZero();
        assertThat(events.out().lines()).hasSize(2).allSatisfy(l -> {
            JsonNode e = Json.MAPPER.readTree(l);
            assertThat(e.get("event").asText()).isEqualTo("COLO_EXIT");
            assertThat(e.get("data").get("reason").asText()).isEqualTo("test");
        });
    }

    @Test
    void eventsEndsWithExit3WhenTheNodeDies() throws Exception {
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of("events", "--pair", pair, "secondary"));
        fakes.secondary().server().awaitClient(java.time.Duration.ofSeconds(20));
        fakes.secondary().kill();
        CliRun events = run.get(30, TimeUnit.SECONDS);
        assertThat(events.code()).isEqualTo(ExitCodes.NODE_UNREACHABLE);
        // Killed after the handshake or during it (the fake may die before qmp_capabilities is answered).
        assertThat(events.err().lines()).hasSize(1).allMatch(l -> l.startsWith("colo4j: the QMP connection") && l.contains("closed"));
    }

    @Test
    void statusWithoutPicocliPrintsAndExitsExactlyAsWithIt() {
        fakes.startColo();
        fakes.secondary().kill();
        String[][] calls = {
            {"status", "--pair", pair},
            {"status", "--pair=" + pair, "--json"},
            {"status", "--pair", pair, "--node", "primary", "--state"},
            {"status", "--node=secondary", "--pair", pair, "--state"},
            {"status", "--pair", pair, "--node", "secondary", "--json"},
            {"status", "--pair", pair, "--node", "vm-z"},
            {"status", "--pair", dir.resolve("none.yaml").toString(), "--node", "primary"},
        };
        for (String[] args : calls) {
            assertThat(FastStatus.parse(args)).as(String.join(" ", args)).isNotNull();
            CliRun fast = CliRun.of(args);
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int code = Colo4j.viaPicocli(args, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
            assertThat(new CliRun(code, out.toString(), err.toString())).as(String.join(" ", args)).isEqualTo(fast);
        }
        assertThat(CliRun.of("status", "--pair", pair, "--node", "primary", "--state").out()).isEqualTo("colo-primary\n");
        assertThat(CliRun.of("status", "--pair", pair, "--node", "secondary", "--state").out()).isEqualTo("unreachable\n");
        // Everything else goes to picocli, which reports it.
        for (String[] args : new String[][] {{"status"}, {"status", "--pair"}, {"status", "--help", "--pair", pair},
            {"status", "--pair", pair, "--pair", pair}, {"status", "--pair", pair, "--nodes", "x"}, {"status", "--node", "primary", "--state"},
            {"plan", "--pair", pair}}) {
            assertThat(FastStatus.parse(args)).as(String.join(" ", args)).isNull();
        }
        assertThat(CliRun.of("status", "--node", "primary", "--state").code()).isEqualTo(ExitCodes.USAGE);
    }
}
