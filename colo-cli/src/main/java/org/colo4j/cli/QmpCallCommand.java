package org.colo4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code colo4j qmp NODE COMMAND [JSON]}: one QMP command on one node, its {@code return} printed as JSON. */
@Command(name = "qmp", description = {"Send one QMP command to NODE and print its return value as JSON.",
    "JSON is the arguments object, e.g. '{\"device\":\"colo-disk0\"}'. QEMU's error: exit 1."})
final class QmpCallCommand extends PairCommand {

    @Parameters(index = "0", paramLabel = "NODE", description = "The node's name in the pair file.")
    String nodeName;

    @Parameters(index = "1", paramLabel = "COMMAND", description = "The QMP command, e.g. query-colo-status.")
    String qmpCommand;

    @Parameters(index = "2", arity = "0..1", paramLabel = "JSON", description = "Its arguments, a JSON object.")
    String arguments;

    @Override
    public Integer call() {
        Map<String, Object> args = arguments(arguments);
        var node = node(role(nodeName));
        try (QmpClient qmp = QmpClient.connect(node.qmpConnect(), QmpOptions.defaults().withName(node.name()))) {
            JsonNode result = qmp.execute(qmpCommand, args);
            out().println(json ? Json.line(result) : result.isTextual() ? result.asText() : Json.pretty(result));
            return ExitCodes.OK;
        }
    }

    static Map<String, Object> arguments(String text) {
        if (text == null) {
            return Map.of();
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UsageException("bad JSON argument at column " + e.getLocation().getColumnNr() + ": "
                    + Errors.oneLine(e.getOriginalMessage()) + " (give the arguments as one JSON object, e.g. '{\"id\":\"x\"}')");
        }
        if (parsed == null || !parsed.isObject()) {
            throw new UsageException("bad JSON argument: QMP arguments are a JSON object ({...}), got "
                    + (parsed == null ? "nothing" : parsed.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        return Json.MAPPER.convertValue(parsed, Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
    }
}
