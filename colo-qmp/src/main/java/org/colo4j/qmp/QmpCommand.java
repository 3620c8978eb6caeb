package org.colo4j.qmp;

/**
 * A typed QMP command: its wire name, its arguments and how to read its reply.
 *
 * <p>Implementations are immutable records. The record itself is the {@code arguments} object: its
 * components are serialized by Jackson in declaration order (use {@code @JsonProperty("node-name")}
 * for QMP's dashed names), {@code null} components are omitted, and a record without components
 * sends no {@code arguments} member. A command whose arguments are free-form (such as
 * {@code blockdev-add}) exposes them through a {@code @JsonValue} method instead.
 *
 * <pre>{@code
 * StatusInfo status = qmp.execute(new QueryStatus());
 * }</pre>
 *
 * @param <R> the Java type of the command's {@code return} value; {@link Void} for commands that
 *     return an empty object
 */
public interface QmpCommand<R> {

    /** The QMP command name as QEMU spells it, e.g. {@code query-status}. */
    String commandName();

    /** How the {@code return} member of a successful reply is decoded. */
    QmpReturn<R> returnType();
}
