/**
 * colo4j's QMP client: one asynchronous core (an id per command, one
 * {@link java.util.concurrent.CompletableFuture} per call, one reading thread at a time: the
 * connection's reader thread, or a blocking call reading its own reply) with a thin blocking layer,
 * over TCP or unix sockets (the JDK's channels; file-descriptor passing through junixsocket).
 *
 * <p>Entry point: {@link org.colo4j.qmp.QmpClient#connect(org.colo4j.qmp.QmpEndpoint)}. Typed commands
 * live in {@code org.colo4j.qmp.command}, typed events in {@code org.colo4j.qmp.event}.
 *
 * <p>Null rule: all parameters and return values are non-null unless documented otherwise (a null
 * argument throws {@link java.lang.NullPointerException}). Every failure of a QMP call is an unchecked
 * {@link org.colo4j.qmp.QmpException}; everything colo4j throws, in every module, is a
 * {@link org.colo4j.qmp.Colo4jException}. A blocking call rethrows a failure seen by another thread as
 * the same type made on the caller's thread, with the original as its cause.
 */
package org.colo4j.qmp;
