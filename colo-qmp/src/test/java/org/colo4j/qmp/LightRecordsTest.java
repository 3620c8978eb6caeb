package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import java.util.List;
import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.MigrationInfo;
import org.colo4j.qmp.command.RunState;
import org.colo4j.qmp.command.StatusInfo;
import org.junit.jupiter.api.Test;

/** The decoder without data binding gives exactly what the mapper gives, or leaves the value to the mapper. */
class LightRecordsTest {

    /** Numbers, a renamed member and an enum, as a reply type of a user's own command might be. */
    public record Numbers(long total, int small, double ratio, @JsonProperty("is-done") Boolean done, Long missing,
                          RunState state) {}

    /** Carries an annotation the mapper must honour. */
    public record Ignoring(String a, @JsonIgnore String b) {}

    private static Object light(String json, Class<?> type) throws Exception {
        try (JsonParser p = QmpJson.FACTORY.createParser(json)) {
            return LightRecords.decode(p, type);
        }
    }

    private static void same(String json, Class<?> type) throws Exception {
        Object light = light(json, type);
        assertThat(light).as("decoded without the mapper: %s", json).isNotSameAs(LightRecords.FALLBACK);
        assertThat(light).as(json).isEqualTo(QmpJson.mapper().readValue(json, type));
    }

    @Test
    void qmpRepliesDecodeAsTheMapperDecodesThem() throws Exception {
        same("{\"running\": true, \"singlestep\": false, \"status\": \"running\"}", StatusInfo.class);
        same("{\"status\": \"inmigrate\", \"running\": false}", StatusInfo.class);
        same("{\"running\": false, \"status\": \"a-state-from-a-newer-qemu\", \"extra\": {\"x\": [1, 2]}}", StatusInfo.class);
        same("{\"mode\": \"primary\", \"last-mode\": \"none\", \"reason\": \"none\"}", ColoStatusInfo.class);
        same("{\"mode\": \"none\", \"last-mode\": \"secondary\", \"reason\": \"request\"}", ColoStatusInfo.class);
        same("{\"mode\": null}", ColoStatusInfo.class);
        same("{}", ColoStatusInfo.class);
        same("{\"total\": 9007199254740993, \"small\": -3, \"ratio\": 2, \"is-done\": true, \"state\": \"paused\"}",
                Numbers.class);
        same("{\"ratio\": 0.25, \"state\": null}", Numbers.class);
        assertThat(light("{\"mode\": \"primary\", \"last-mode\": \"none\", \"reason\": \"none\"}", ColoStatusInfo.class))
                .isEqualTo(new ColoStatusInfo(ColoMode.PRIMARY, ColoMode.NONE, ColoExitReason.NONE));
    }

    @Test
    void anythingElseIsLeftToTheMapper() throws Exception {
        // a member type it does not take (a list of records), another Jackson annotation, a value of another JSON type
        assertThat(light("{\"status\": \"active\"}", MigrationInfo.class)).isSameAs(LightRecords.FALLBACK);
        assertThat(light("{\"a\": \"x\", \"b\": \"y\"}", Ignoring.class)).isSameAs(LightRecords.FALLBACK);
        assertThat(light("{\"running\": \"yes\", \"status\": \"running\"}", StatusInfo.class)).isSameAs(LightRecords.FALLBACK);
        assertThat(light("{\"small\": 4294967296}", Numbers.class)).isSameAs(LightRecords.FALLBACK);
        assertThat(light("{\"small\": null}", Numbers.class)).isSameAs(LightRecords.FALLBACK);
        assertThat(light("[1, 2]", StatusInfo.class)).isSameAs(LightRecords.FALLBACK);
        assertThat(light("{\"a\": 1}", String.class)).isSameAs(LightRecords.FALLBACK);
        assertThat(light("{\"a\": 1}", List.class)).isSameAs(LightRecords.FALLBACK);
    }
}
