package org.colo4j.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpJson;

/**
 * One scripted exchange: which command it answers (name, and optionally exact arguments or a
 * condition) and what it answers ({@link QmpReply}). Immutable: every method returns a copy.
 *
 * <pre>{@code
 * server.expect(QmpExchange.on("query-status").reply(new StatusInfo(true, RunState.RUNNING, false)));
 * server.expect(QmpExchange.on(Migrate.tcp("127.0.0.2", 9998))
 *         .respond(QmpReply.empty().thenEvent(FakeEvents.migration(MigrationStatus.SETUP))));
 * server.stub(QmpExchange.on("query-colo-status").replyJson("{\"last-mode\": \"none\", \"mode\": \"primary\", \"reason\": \"none\"}"));
 * node.server().stub(QmpExchange.on("migrate").times(1).respond(QmpReply.closeConnection()));
 * }</pre>
 *
 * <p>Given to {@link FakeQmpServer#expect(QmpExchange)} an exchange must come next, in order, and
 * is used {@link #times(int)} times (once by default). Given to {@link FakeQmpServer#stub(QmpExchange)}
 * it answers any matching command, at any time, {@code times} times (without limit by default).
 * Without an answer given, the exchange replies {@code {"return": {}}}.
 */
public final class QmpExchange {

    private final String command;
    private final ObjectNode arguments;
    private final Predicate<? super ReceivedCommand> condition;
    private final String conditionText;
    private final QmpReply reply;
    private final Integer times;

    private QmpExchange(String command, ObjectNode arguments, Predicate<? super ReceivedCommand> condition,
                        String conditionText, QmpReply reply, Integer times) {
        this.command = command;
        this.arguments = arguments;
        this.condition = condition;
        this.conditionText = conditionText;
        this.reply = reply;
        this.times = times;
    }

    /**
     * An exchange for command {@code name}, whatever its arguments.
     *
     * @param name the QMP command name, e.g. {@code query-status}
     * @return the exchange
     */
    public static QmpExchange on(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("command name must not be blank, e.g. \"query-status\"");
        }
        return new QmpExchange(name, null, null, null, QmpReply.empty(), null);
    }

    /**
     * An exchange for exactly {@code command}: its name and its arguments as colo4j renders them.
     *
     * @param command a typed command, e.g. {@code Migrate.tcp("127.0.0.2", 9998)}
     * @return the exchange
     */
    public static QmpExchange on(QmpCommand<?> command) {
        Objects.requireNonNull(command, "command");
        ObjectNode args = QmpJson.arguments(command);
        return on(command.commandName()).withArguments(args == null ? QmpJson.mapper().createObjectNode() : args);
    }

    /**
     * The same exchange, matching only these exact arguments (member order and number types do not
     * matter; an empty object also matches a command without {@code arguments}).
     *
     * @param arguments the arguments, e.g. {@code Map.of("uri", "tcp:127.0.0.2:9998")}
     * @return the same exchange, matching only these arguments
     */
    public QmpExchange withArguments(Map<String, ?> arguments) {
        Objects.requireNonNull(arguments, "arguments");
        return withArguments(JsonArgs.object(arguments));
    }

    /**
     * The same exchange, matching only these exact arguments given as JSON text.
     *
     * @param json a JSON object, e.g. {@code {"id": "comp0"}}
     * @return the same exchange, matching only these arguments
     */
    public QmpExchange withArgumentsJson(String json) {
        Objects.requireNonNull(json, "json");
        return withArguments(JsonArgs.parseObject(json, "arguments json"));
    }

    private QmpExchange withArguments(ObjectNode args) {
        return new QmpExchange(command, (ObjectNode) JsonArgs.normalize(args), condition, conditionText, reply, times);
    }

    /**
     * The same exchange, matching only commands that also satisfy {@code condition}.
     *
     * @param description what the condition checks, for failure messages, e.g. {@code "uri on port 9998"}
     * @param condition the extra condition
     * @return the same exchange, matching only commands that also satisfy {@code condition}
     */
    public QmpExchange matching(String description, Predicate<? super ReceivedCommand> condition) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(condition, "condition");
        return new QmpExchange(command, arguments, condition, description, reply, times);
    }

    /**
     * The same exchange answering with {@code reply}.
     *
     * @param reply the answer, a fault or a delayed answer
     * @return the same exchange answering with {@code reply}
     */
    public QmpExchange respond(QmpReply reply) {
        Objects.requireNonNull(reply, "reply");
        return new QmpExchange(command, arguments, condition, conditionText, reply, times);
    }

    /**
     * Shorthand for {@code respond(QmpReply.ok(value))}.
     *
     * @param value a reply record, map, list, string, number or tree
     * @return the same exchange answering with {@code value}
     */
    public QmpExchange reply(Object value) {
        return respond(QmpReply.ok(value));
    }

    /**
     * Shorthand for {@code respond(QmpReply.okJson(json))}.
     *
     * @param json the return value as JSON text
     * @return the same exchange answering with {@code json}
     */
    public QmpExchange replyJson(String json) {
        return respond(QmpReply.okJson(json));
    }

    /**
     * Shorthand for {@code respond(QmpReply.error(errorClass, description))}.
     *
     * @param errorClass e.g. {@code GenericError}
     * @param description QEMU's message
     * @return the same exchange answering with the error
     */
    public QmpExchange error(String errorClass, String description) {
        return respond(QmpReply.error(errorClass, description));
    }

    /**
     * The same exchange, with {@code events} sent after its answer.
     *
     * @param events events, e.g. from {@link FakeEvents}
     * @return the same exchange, with {@code events} sent after its answer
     */
    public QmpExchange thenEvent(QmpEvent... events) {
        return respond(reply.thenEvent(events));
    }

    /**
     * The same exchange, used {@code n} times: {@code n} consecutive commands for an expectation,
     * the first {@code n} matching commands for a stub.
     *
     * @param n at least 1
     * @return the same exchange, used {@code n} times
     */
    public QmpExchange times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + n);
        }
        return new QmpExchange(command, arguments, condition, conditionText, reply, n);
    }

    /**
     * The command name this exchange answers.
     *
     * @return the command name this exchange answers
     */
    public String command() {
        return command;
    }

    /**
     * The answer.
     *
     * @return the answer
     */
    public QmpReply reply() {
        return reply;
    }

    /**
     * How many times it is used; null for the default (once as an expectation, always as a stub).
     *
     * @return how many times it is used; null for the default (once as an expectation, always as a stub)
     */
    public Integer times() {
        return times;
    }

    /**
     * Whether {@code received} is a command this exchange answers.
     *
     * @param received a command the fake got
     * @return whether {@code received} is a command this exchange answers
     */
    public boolean matches(ReceivedCommand received) {
        return command.equals(received.name())
                && (arguments == null || JsonArgs.sameJson(arguments, received.arguments()))
                && (condition == null || condition.test(received));
    }

    /** e.g. {@code migrate {"uri": "tcp:127.0.0.2:9998"} -> return {}}. */
    @Override
    public String toString() {
        return command + (arguments == null ? "" : " " + QmpWire.render(arguments))
                + (conditionText == null ? "" : " where " + conditionText) + " -> " + reply
                + (times == null ? "" : " (" + times + "x)");
    }
}
