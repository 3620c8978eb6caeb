package org.colo4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpJson;

/**
 * One command a fake received, as the client sent it.
 *
 * <pre>{@code
 * ReceivedCommand migrate = server.awaitCommand("migrate", Duration.ofSeconds(5));
 * assertThat(migrate.argument("uri").asText()).isEqualTo("tcp:127.0.0.2:9998");
 * assertThat(migrate.matches(Migrate.tcp("127.0.0.2", 9998))).isTrue();
 * }</pre>
 *
 * @param name the command name ({@code execute} or {@code exec-oob} member)
 * @param arguments the {@code arguments} object; empty when the command had none; copied
 * @param id the command's {@code id}; nullable (a command may come without one)
 * @param oob whether it came as {@code exec-oob}
 * @param line the line as received, without its line end
 * @param connection which connection it came on, counting from 1
 * @param receivedAt when the fake read it
 */
public record ReceivedCommand(String name, ObjectNode arguments, JsonNode id, boolean oob, String line,
                              int connection, Instant receivedAt) {

    /**
     * Validates and copies.
     *
     * @param name the command name
     * @param arguments the arguments; null for none
     * @param id the command's id; nullable
     * @param oob whether it came as {@code exec-oob}
     * @param line the line as received
     * @param connection the connection number, from 1
     * @param receivedAt when it was read
     * @throws NullPointerException if a non-nullable component is null
     */
    public ReceivedCommand {
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? JsonNodeFactory.instance.objectNode() : arguments.deepCopy();
        id = id == null ? null : id.deepCopy();
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /**
     * A copy of the {@code arguments} object.
     *
     * @return the arguments; empty when the command had none
     */
    @Override
    public ObjectNode arguments() {
        return arguments.deepCopy();
    }

    /**
     * A copy of the {@code id}.
     *
     * @return the id; null when the command had none
     */
    @Override
    public JsonNode id() {
        return id == null ? null : id.deepCopy();
    }

    /**
     * The named argument, or a missing node (never null), e.g. {@code argument("uri").asText()}.
     *
     * @param member the argument name as QEMU spells it, e.g. {@code node-name}
     * @return the argument, or a missing node
     */
    public JsonNode argument(String member) {
        return arguments.path(member).deepCopy();
    }

    /**
     * Whether this is {@code command} with exactly its arguments (member order and JSON number
     * types do not matter).
     *
     * @param command a typed command from {@code org.colo4j.qmp.command}
     * @return whether name and arguments match
     */
    public boolean matches(QmpCommand<?> command) {
        Objects.requireNonNull(command, "command");
        return name.equals(command.commandName())
                && JsonArgs.sameJson(arguments, QmpJson.arguments(command));
    }

    /** {@code name arguments}, e.g. {@code migrate {"uri": "tcp:127.0.0.2:9998"}}. */
    @Override
    public String toString() {
        return arguments.isEmpty() ? name : name + " " + QmpWire.render(arguments);
    }
}
