package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import org.colo4j.qmp.QmpJson;

/**
 * The {@code query-qmp-schema} reply of a real QEMU 7.2.22 (captured from {@code -machine none}),
 * trimmed to the commands a fake node implements, so that schema and {@code query-commands} agree.
 */
final class SchemaResource {

    private static final String NAME = "qmp-schema-7.2.22.json";
    private static volatile ArrayNode full;

    private SchemaResource() {}

    /** The schema with every command not in {@code commands} left out; types and events stay. */
    static ArrayNode forCommands(Collection<String> commands) {
        ArrayNode trimmed = QmpJson.mapper().createArrayNode();
        for (JsonNode entity : full()) {
            if (!"command".equals(entity.path("meta-type").asText()) || commands.contains(entity.path("name").asText())) {
                trimmed.add(entity);
            }
        }
        return trimmed;
    }

    private static ArrayNode full() {
        ArrayNode schema = full;
        if (schema == null) {
            try (InputStream in = SchemaResource.class.getResourceAsStream(NAME)) {
                if (in == null) {
                    throw new TestkitException("the testkit's resource " + NAME + " is missing from the class path");
                }
                schema = (ArrayNode) QmpJson.mapper().readTree(in);
            } catch (IOException e) {
                throw new TestkitException("cannot read the testkit's resource " + NAME + ": " + e.getMessage(), e);
            }
            full = schema;
        }
        return schema;
    }
}
