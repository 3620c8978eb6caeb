package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpErrorResponseException;
import org.junit.jupiter.api.Test;

/**
 * The dry-run plan, golden against COLO-FT.txt's QMP commands with these deliberate differences: the
 * secondary sets x-colo and listens with migrate-incoming (it starts with {@code -incoming defer});
 * servers listen on the node's address instead of 0.0.0.0; {@code block-export-add} (on the parent's
 * node name, a placeholder in a dry run) replaces {@code nbd-server-add}; {@code blockdev-add} of the
 * replication node replaces HMP {@code drive_add}; and {@code blockdev-del} replaces HMP
 * {@code drive_del}.
 */
class ColoPlanTest {

    private static final Path DIR = Path.of("/var/lib/colo");

    private static final String SECONDARY_START = "start: secondary";
    private static final String PRIMARY_START = "start: primary";
    private static final String SECONDARY_FAILOVER = "failover on the secondary (the primary died)";
    private static final String PRIMARY_FAILOVER = "failover on the primary (the secondary died)";

    private static final String X_COLO =
            "{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":[{\"capability\":\"x-colo\",\"state\":true}]}}";

    private final ColoPlan plan = Specs.reference(DIR).build().plan();

    @Test
    void phasesAreStartSecondaryStartPrimaryAndBothFailovers() {
        assertThat(plan.phases()).extracting(ColoPlan.Phase::name)
                .containsExactly(SECONDARY_START, PRIMARY_START, SECONDARY_FAILOVER, PRIMARY_FAILOVER);
    }

    @Test
    void secondaryStartSetsXColoListensAndExportsTheParent() {
        ColoPlan.Phase phase = plan.phase(SECONDARY_START).orElseThrow();
        assertThat(phase.steps()).extracting(ColoStep::node).containsOnly(Role.SECONDARY);
        assertThat(json(phase)).containsExactly(
                X_COLO,
                "{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":\"tcp:127.0.0.2:9998\"}}",
                "{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"inet\",\"data\":"
                        + "{\"host\":\"127.0.0.2\",\"port\":\"9999\"}}}}",
                "{\"execute\":\"block-export-add\",\"arguments\":{\"type\":\"nbd\",\"id\":\"parent0\","
                        + "\"node-name\":\"<node of parent0>\",\"writable\":true,\"name\":\"parent0\"}}");
    }

    @Test
    void primaryStartAddsTheReplicationChildThenMigrates() {
        ColoPlan.Phase phase = plan.phase(PRIMARY_START).orElseThrow();
        assertThat(phase.steps()).extracting(ColoStep::node).containsOnly(Role.PRIMARY);
        assertThat(json(phase)).containsExactly(
                "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"replication\",\"mode\":\"primary\","
                        + "\"node-name\":\"replication0\",\"file\":{\"driver\":\"nbd\",\"server\":{\"type\":\"inet\","
                        + "\"host\":\"127.0.0.2\",\"port\":\"9999\"},\"export\":\"parent0\"}}}",
                "{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk0\",\"node\":\"replication0\"}}",
                X_COLO,
                "{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"x-checkpoint-delay\":2000}}",
                "{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:127.0.0.2:9998\"}}");
    }

    @Test
    void secondaryFailoverIsColoFtsSecondaryFailoverUpToThePromotion() {
        ColoPlan.Phase phase = plan.phase(SECONDARY_FAILOVER).orElseThrow();
        assertThat(phase.steps()).extracting(ColoStep::node).containsOnly(Role.SECONDARY);
        assertThat(json(phase)).containsExactly(
                "{\"execute\":\"nbd-server-stop\"}",
                "{\"execute\":\"x-colo-lost-heartbeat\"}",
                "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"f2\"}}",
                "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"f1\"}}",
                "{\"execute\":\"chardev-remove\",\"arguments\":{\"id\":\"red1\"}}",
                "{\"execute\":\"chardev-remove\",\"arguments\":{\"id\":\"red0\"}}");
    }

    @Test
    void primaryFailoverIsColoFtsPrimaryFailoverWithBlockdevDel() {
        ColoPlan.Phase phase = plan.phase(PRIMARY_FAILOVER).orElseThrow();
        assertThat(phase.steps()).extracting(ColoStep::node).containsOnly(Role.PRIMARY);
        assertThat(json(phase)).containsExactly(
                "{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk0\",\"child\":\"children.1\"}}",
                "{\"execute\":\"blockdev-del\",\"arguments\":{\"node-name\":\"replication0\"}}",
                "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"comp0\"}}",
                "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"iothread1\"}}",
                "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"m0\"}}",
                "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"redire0\"}}",
                "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"redire1\"}}",
                "{\"execute\":\"x-colo-lost-heartbeat\"}");
    }

    @Test
    void failoverTeardownStepsTolerateQemusAlreadyDoneErrors() {
        List<ColoStep> steps = plan.phase(SECONDARY_FAILOVER).orElseThrow().steps();
        assertThat(steps).extracting(ColoStep::alreadyDone).containsExactly(
                "NBD server not running", "The feature 'colo' is not enabled", "object 'f2' not found",
                "object 'f1' not found", "Chardev 'red1' not found", "Chardev 'red0' not found");
        assertThat(steps.get(2).isAlreadyDone(new QmpErrorResponseException("GenericError", "object 'f2' not found",
                "object-del"))).isTrue();
        assertThat(steps.get(2).isAlreadyDone(new QmpErrorResponseException("GenericError", "object 'f1' not found",
                "object-del"))).isFalse();
    }

    @Test
    void startStepsTreatEveryErrorAsFailure() {
        assertThat(plan.phase(SECONDARY_START).orElseThrow().steps()).extracting(ColoStep::alreadyDone).containsOnlyNulls();
        assertThat(plan.phase(PRIMARY_START).orElseThrow().steps()).extracting(ColoStep::alreadyDone).containsOnlyNulls();
    }

    @Test
    void noStepOfTheDryRunAwaitsAnEvent() {
        assertThat(plan.phases()).flatExtracting(ColoPlan.Phase::steps)
                .allSatisfy(s -> assertThat(s.command()).isNotNull())
                .extracting(ColoStep::awaitEvent).containsOnlyNulls();
    }

    @Test
    void qemu51ExportsWithNbdServerAddOnTheDriveId() {
        ColoPlan old = Specs.reference(DIR).qemuVersion(QemuVersion.of(5, 1, 0)).build().plan();
        assertThat(json(old.phase(SECONDARY_START).orElseThrow())).containsExactly(
                X_COLO,
                "{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":\"tcp:127.0.0.2:9998\"}}",
                "{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"inet\",\"data\":"
                        + "{\"host\":\"127.0.0.2\",\"port\":\"9999\"}}}}",
                "{\"execute\":\"nbd-server-add\",\"arguments\":{\"device\":\"parent0\",\"writable\":true}}");
    }

    @Test
    void qemu52IsTheFirstToUseBlockExportAdd() {
        ColoPlan p = Specs.reference(DIR).qemuVersion(QemuVersion.of(5, 2, 0)).build().plan();
        assertThat(json(p.phase(SECONDARY_START).orElseThrow())).last().asString().startsWith("{\"execute\":\"block-export-add\"");
    }

    @Test
    void everyDiskIsExportedAndGetsItsReplicationChild() {
        ColoPlan p = Specs.reference(DIR).disk(Specs.disk(DIR, "d1-").build()).build().plan();
        assertThat(json(p.phase(SECONDARY_START).orElseThrow())).endsWith(
                "{\"execute\":\"block-export-add\",\"arguments\":{\"type\":\"nbd\",\"id\":\"parent0\","
                        + "\"node-name\":\"<node of parent0>\",\"writable\":true,\"name\":\"parent0\"}}",
                "{\"execute\":\"block-export-add\",\"arguments\":{\"type\":\"nbd\",\"id\":\"parent1\","
                        + "\"node-name\":\"<node of parent1>\",\"writable\":true,\"name\":\"parent1\"}}");
        assertThat(json(p.phase(PRIMARY_START).orElseThrow())).startsWith(
                "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"replication\",\"mode\":\"primary\","
                        + "\"node-name\":\"replication0\",\"file\":{\"driver\":\"nbd\",\"server\":{\"type\":\"inet\","
                        + "\"host\":\"127.0.0.2\",\"port\":\"9999\"},\"export\":\"parent0\"}}}",
                "{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk0\",\"node\":\"replication0\"}}",
                "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"replication\",\"mode\":\"primary\","
                        + "\"node-name\":\"replication1\",\"file\":{\"driver\":\"nbd\",\"server\":{\"type\":\"inet\","
                        + "\"host\":\"127.0.0.2\",\"port\":\"9999\"},\"export\":\"parent1\"}}}",
                "{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk1\",\"node\":\"replication1\"}}");
        assertThat(json(p.phase(PRIMARY_FAILOVER).orElseThrow())).startsWith(
                "{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk0\",\"child\":\"children.1\"}}",
                "{\"execute\":\"blockdev-del\",\"arguments\":{\"node-name\":\"replication0\"}}",
                "{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk1\",\"child\":\"children.1\"}}",
                "{\"execute\":\"blockdev-del\",\"arguments\":{\"node-name\":\"replication1\"}}");
    }

    @Test
    void customParentIdIsTheExportNameOnBothSides() {
        ColoPlan p = Specs.nodesOnly(DIR).nic(ColoNic.builder().netdev("hn0").build())
                .disk(Specs.disk(DIR, "").id("vda").parentId("base0").build()).build().plan();
        assertThat(json(p.phase(SECONDARY_START).orElseThrow())).last().isEqualTo(
                "{\"execute\":\"block-export-add\",\"arguments\":{\"type\":\"nbd\",\"id\":\"base0\","
                        + "\"node-name\":\"<node of base0>\",\"writable\":true,\"name\":\"base0\"}}");
        assertThat(json(p.phase(PRIMARY_START).orElseThrow())).startsWith(
                "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"replication\",\"mode\":\"primary\","
                        + "\"node-name\":\"replication0\",\"file\":{\"driver\":\"nbd\",\"server\":{\"type\":\"inet\","
                        + "\"host\":\"127.0.0.2\",\"port\":\"9999\"},\"export\":\"base0\"}}}",
                "{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"vda\",\"node\":\"replication0\"}}");
    }

    @Test
    void secondaryListeningOnEveryInterfaceIsColoFtsAddressingExactly() {
        ColoPlan p = Specs.reference(DIR).secondary(Specs.secondaryNode(DIR).listenAddress("0.0.0.0").build()).build().plan();
        assertThat(json(p.phase(SECONDARY_START).orElseThrow())).contains(
                "{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":\"tcp:0.0.0.0:9998\"}}",
                "{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"inet\",\"data\":"
                        + "{\"host\":\"0.0.0.0\",\"port\":\"9999\"}}}}");
        assertThat(json(p.phase(PRIMARY_START).orElseThrow()))
                .contains("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:127.0.0.2:9998\"}}")
                .anyMatch(line -> line.contains("\"host\":\"127.0.0.2\",\"port\":\"9999\""));
    }

    @Test
    void customPortsAndDelayReachTheCommands() {
        ColoPlan p = Specs.reference(DIR).checkpointDelay(Duration.ofMillis(500))
                .secondary(Specs.secondaryNode(DIR).migrationPort(7000).nbdPort(7001).build()).build().plan();
        assertThat(json(p.phase(SECONDARY_START).orElseThrow())).contains(
                "{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":\"tcp:127.0.0.2:7000\"}}",
                "{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"inet\",\"data\":"
                        + "{\"host\":\"127.0.0.2\",\"port\":\"7001\"}}}}");
        assertThat(json(p.phase(PRIMARY_START).orElseThrow())).contains(
                "{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"x-checkpoint-delay\":500}}",
                "{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:127.0.0.2:7000\"}}");
    }

    @Test
    void toStringShowsEachPhaseHeaderThenOneLinePerStep() {
        List<String> lines = plan.toString().lines().toList();
        int steps = plan.phases().stream().mapToInt(ph -> ph.steps().size()).sum();
        assertThat(lines).hasSize(plan.phases().size() + steps);
        assertThat(lines).filteredOn(l -> l.startsWith("== ")).containsExactly(
                "== " + SECONDARY_START, "== " + PRIMARY_START, "== " + SECONDARY_FAILOVER, "== " + PRIMARY_FAILOVER);
        assertThat(lines.get(1)).isEqualTo("[secondary] " + X_COLO
                + "  # enable x-colo before the incoming migration (required since QEMU 8)");
        assertThat(lines).contains("[primary] {\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:127.0.0.2:9998\"}}"
                + "  # start COLO: migrate to tcp:127.0.0.2:9998");
        assertThat(lines).filteredOn(l -> !l.startsWith("== "))
                .allSatisfy(l -> assertThat(l).matches("\\[(primary|secondary)\\] \\{.*\\}  # .+"));
    }

    @Test
    void phaseLookupByNameFindsExactNamesOnly() {
        assertThat(plan.phase(PRIMARY_START)).get().extracting(ColoPlan.Phase::name).isEqualTo(PRIMARY_START);
        assertThat(plan.phase("start")).isEmpty();
        assertThat(plan.phase("START: PRIMARY")).isEmpty();
        assertThat(plan.phase("resume replication")).isEmpty();
    }

    @Test
    void planIsDeterministic() {
        assertThat(Specs.reference(DIR).build().plan()).isEqualTo(plan);
        assertThat(Specs.reference(DIR).build().plan().toString()).isEqualTo(plan.toString());
    }

    @Test
    void planPhasesAreImmutable() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan.phases().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan.phases().get(0).steps().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static List<String> json(ColoPlan.Phase phase) {
        return phase.steps().stream().map(ColoStep::describe).toList();
    }
}
