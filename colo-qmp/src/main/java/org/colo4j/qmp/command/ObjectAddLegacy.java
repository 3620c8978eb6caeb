package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code object-add} in the form QEMU before 6.0 takes, with the properties nested:
 * {@code {"qom-type": ..., "id": ..., "props": {...}}}. QEMU 6.0 removed {@code props}; use
 * {@link ObjectAdd} there. Usually obtained from {@link ObjectAdd#legacy()}.
 *
 * @param qomType the QOM type (QMP {@code qom-type})
 * @param id the object id
 * @param props the properties in rendering order, left out of the JSON when empty; copied into an
 *     unmodifiable map
 */
@JsonPropertyOrder({"qom-type", "id", "props"})
public record ObjectAddLegacy(
        @JsonProperty("qom-type") String qomType,
        String id,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> props) implements QmpCommand<Void> {

    public ObjectAddLegacy {
        Args.text(qomType, "qomType");
        Args.text(id, "id");
        props = ObjectAdd.copyProps(props);
    }

    @Override
    public String commandName() {
        return "object-add";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
