package org.colo4j.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code qom-get}: reads one QOM property, returned as JSON of whatever type the property has,
 * e.g. {@code qom-get /objects/m0 status} for a filter's {@code on}/{@code off}.
 *
 * @param path the object's QOM path
 * @param property the property name
 */
public record QomGet(String path, String property) implements QmpCommand<JsonNode> {

    public QomGet {
        Args.text(path, "path");
        Args.text(property, "property");
    }

    @Override
    public String commandName() {
        return "qom-get";
    }

    @Override
    public QmpReturn<JsonNode> returnType() {
        return QmpReturn.raw();
    }
}
