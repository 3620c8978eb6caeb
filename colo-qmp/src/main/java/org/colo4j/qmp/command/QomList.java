package org.colo4j.qmp.command;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code qom-list}: the properties and children of a QOM object, e.g. {@code /objects/comp0} to
 * inspect a {@code colo-compare} object or {@code /machine/peripheral} to find devices.
 *
 * @param path the object's QOM path, e.g. {@code /objects/m0}
 */
public record QomList(String path) implements QmpCommand<List<ObjectPropertyInfo>> {

    private static final QmpReturn<List<ObjectPropertyInfo>> RETURN =
            QmpReturn.of(new TypeReference<List<ObjectPropertyInfo>>() {});

    public QomList {
        Args.text(path, "path");
    }

    @Override
    public String commandName() {
        return "qom-list";
    }

    @Override
    public QmpReturn<List<ObjectPropertyInfo>> returnType() {
        return RETURN;
    }
}
