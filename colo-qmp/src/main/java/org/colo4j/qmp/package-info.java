/**
 * colo4j's QMP client: one asynchronous core (a reader thread, an id per command, one
 * {@link java.util.concurrent.CompletableFuture} per call) with a thin blocking layer, over TCP or
 * unix sockets (with file-descriptor passing).
 *
 * <p>Entry point: {@link org.colo4j.qmp.QmpClient#connect(org.colo4j.qmp.QmpEndpoint)}. Typed commands
 * live in {@code org.colo4j.qmp.command}, typed events in {@code org.colo4j.qmp.event}.
 *
 * <p>Null rule: all parameters and return values are non-null unless documented otherwise. Every
 * failure is an unchecked {@link org.colo4j.qmp.QmpException}.
 */
package org.colo4j.qmp;
