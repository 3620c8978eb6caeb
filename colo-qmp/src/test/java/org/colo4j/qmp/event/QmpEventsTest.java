package org.colo4j.qmp.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpEventType;
import org.colo4j.qmp.QmpJson;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.JobStatus;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.QuorumOpType;
import org.colo4j.qmp.command.Replies;
import org.colo4j.qmp.command.ShutdownCause;
import org.junit.jupiter.api.Test;

/** Typed events decoded from events a real QEMU 7.2.22 sent (src/test/resources/replies/events). */
class QmpEventsTest {

    /** The events of a captured scenario, as the client would hand them over. */
    private static List<QmpEvent> scenario(String name) {
        List<QmpEvent> events = new ArrayList<>();
        for (JsonNode e : Replies.document("events/" + name)) {
            JsonNode ts = e.get("timestamp");
            Instant at = Instant.ofEpochSecond(ts.get("seconds").asLong(), ts.get("microseconds").asLong() * 1000);
            events.add(new QmpEvent(e.get("event").asText(), (ObjectNode) e.get("data"), at));
        }
        return events;
    }

    private static <T> List<T> all(List<QmpEvent> events, QmpEventType<T> type) {
        return events.stream().filter(e -> e.name().equals(type.name())).map(e -> e.as(type)).toList();
    }

    @Test
    void coloExitOnTheSecondaryAfterFailover() {
        List<QmpEvent> secondary = scenario("colo-secondary");
        assertThat(all(secondary, QmpEvents.COLO_EXIT)).containsExactly(new ColoExit(ColoMode.SECONDARY, ColoExitReason.REQUEST));
        assertThat(all(secondary, QmpEvents.MIGRATION)).extracting(Migration::status)
                .containsExactly(MigrationStatus.ACTIVE, MigrationStatus.COLO, MigrationStatus.COMPLETED);
    }

    @Test
    void coloExitOnThePrimaryWhenTheSecondaryTookOver() {
        List<QmpEvent> primary = scenario("colo-primary");
        assertThat(all(primary, QmpEvents.COLO_EXIT)).containsExactly(new ColoExit(ColoMode.PRIMARY, ColoExitReason.ERROR));
        assertThat(all(primary, QmpEvents.MIGRATION)).extracting(Migration::status)
                .containsExactly(MigrationStatus.SETUP, MigrationStatus.ACTIVE, MigrationStatus.COLO);
    }

    @Test
    void checkpointsShowAsStopResumePairs() {
        List<QmpEvent> primary = scenario("colo-primary");
        List<NoData> stops = all(primary, QmpEvents.STOP);
        List<NoData> resumes = all(primary, QmpEvents.RESUME);
        assertThat(stops).isNotEmpty().allSatisfy(d -> assertThat(d).isEqualTo(new NoData()));
        assertThat(resumes).hasSameSizeAs(stops);
        QmpEvent firstStop = primary.stream().filter(e -> e.name().equals("STOP")).findFirst().orElseThrow();
        assertThat(firstStop.data().isEmpty()).isTrue();
    }

    @Test
    void mirrorJobEvents() {
        List<QmpEvent> events = scenario("block-jobs-quorum-reset");
        List<BlockJobReady> ready = all(events, QmpEvents.BLOCK_JOB_READY);
        assertThat(ready).first().isEqualTo(new BlockJobReady("mirror", "resync", 67108864L, 67108864L, 0L));
        List<BlockJobCompleted> completed = all(events, QmpEvents.BLOCK_JOB_COMPLETED);
        assertThat(completed).extracting(BlockJobCompleted::device).containsExactly("resync", "m1");
        assertThat(completed.get(0)).isEqualTo(new BlockJobCompleted("mirror", "resync", 67108864L, 67108864L, 0L, null));
        assertThat(completed.get(0).succeeded()).isTrue();
    }

    @Test
    void jobStatusChangesOfTheResyncMirror() {
        List<JobStatusChange> changes = all(scenario("block-jobs-quorum-reset"), QmpEvents.JOB_STATUS_CHANGE);
        assertThat(changes).filteredOn(c -> c.id().equals("resync")).extracting(JobStatusChange::status)
                .containsExactly(JobStatus.CREATED, JobStatus.RUNNING, JobStatus.READY, JobStatus.WAITING,
                        JobStatus.PENDING, JobStatus.CONCLUDED, JobStatus.NULL_);
    }

    @Test
    void quorumReportBad() {
        assertThat(all(scenario("block-jobs-quorum-reset"), QmpEvents.QUORUM_REPORT_BAD))
                .containsExactly(new QuorumReportBad(QuorumOpType.WRITE, "Input/output error", "bad0", 0, 128));
    }

    @Test
    void resetAndShutdown() {
        List<QmpEvent> events = scenario("block-jobs-quorum-reset");
        assertThat(all(events, QmpEvents.RESET)).containsExactly(
                new Reset(false, ShutdownCause.HOST_QMP_SYSTEM_RESET), new Reset(true, ShutdownCause.GUEST_RESET));
        assertThat(all(events, QmpEvents.SHUTDOWN)).containsExactly(new Shutdown(false, ShutdownCause.HOST_QMP_QUIT));
    }

    @Test
    void plainMigration() {
        assertThat(all(scenario("migration"), QmpEvents.MIGRATION)).extracting(Migration::status)
                .containsExactly(MigrationStatus.SETUP, MigrationStatus.ACTIVE, MigrationStatus.COMPLETED);
    }

    @Test
    void capturedTimestampsAreKept() {
        QmpEvent exit = scenario("colo-secondary").stream().filter(e -> e.name().equals("COLO_EXIT")).findFirst().orElseThrow();
        assertThat(exit.timestamp().getNano() % 1000).isZero();
        assertThat(exit.timestamp()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void asWithTheWrongTypeThrows() {
        QmpEvent stop = new QmpEvent("STOP", null, Instant.EPOCH);
        assertThatIllegalArgumentException().isThrownBy(() -> stop.as(QmpEvents.COLO_EXIT))
                .withMessageContaining("STOP").withMessageContaining("COLO_EXIT");
        assertThat(stop.as(QmpEvents.STOP)).isEqualTo(new NoData());
    }

    @Test
    void unknownMembersAndValuesAreTolerated() throws Exception {
        ObjectNode data = (ObjectNode) QmpJson.mapper().readTree(
                "{\"mode\":\"tertiary\",\"reason\":\"cosmic-ray\",\"x-new\":1}");
        assertThat(new QmpEvent("COLO_EXIT", data, Instant.EPOCH).as(QmpEvents.COLO_EXIT))
                .isEqualTo(new ColoExit(ColoMode.UNKNOWN, ColoExitReason.UNKNOWN));
        ObjectNode stopData = (ObjectNode) QmpJson.mapper().readTree("{\"x-new\":true}");
        assertThat(new QmpEvent("STOP", stopData, Instant.EPOCH).as(QmpEvents.STOP)).isEqualTo(new NoData());
        ObjectNode noError = (ObjectNode) QmpJson.mapper().readTree(
                "{\"type\":\"mirror\",\"device\":\"resync\",\"len\":1,\"offset\":1,\"speed\":0}");
        assertThat(new QmpEvent("BLOCK_JOB_COMPLETED", noError, Instant.EPOCH).as(QmpEvents.BLOCK_JOB_COMPLETED).error()).isNull();
        ObjectNode quorum = (ObjectNode) QmpJson.mapper().readTree(
                "{\"type\":\"read\",\"node-name\":\"n\",\"sector-num\":8,\"sectors-count\":8}");
        assertThat(new QmpEvent("QUORUM_REPORT_BAD", quorum, Instant.EPOCH).as(QmpEvents.QUORUM_REPORT_BAD))
                .isEqualTo(new QuorumReportBad(QuorumOpType.READ, null, "n", 8, 8));
    }

    @Test
    void allListsEveryConstant() throws Exception {
        List<QmpEventType<?>> fromFields = new ArrayList<>();
        for (java.lang.reflect.Field f : QmpEvents.class.getFields()) {
            if (f.getType() == QmpEventType.class) {
                fromFields.add((QmpEventType<?>) f.get(null));
                assertThat(((QmpEventType<?>) f.get(null)).name()).isEqualTo(f.getName());
            }
        }
        assertThat(QmpEvents.all()).containsExactlyElementsOf(fromFields).hasSize(10);
        assertThat(QmpEvents.byName("COLO_EXIT")).containsSame(QmpEvents.COLO_EXIT);
        assertThat(QmpEvents.byName("BLOCK_IO_ERROR")).isEmpty();
    }
}
