package org.colo4j.qmp.event;

import org.colo4j.qmp.command.ColoExitReason;
import org.colo4j.qmp.command.ColoMode;

/**
 * {@code COLO_EXIT}: this node left COLO. Emitted by both nodes.
 *
 * <p>After {@code x-colo-lost-heartbeat} the node reports its old mode with reason
 * {@code request}; a node whose peer disappeared or whose checkpoint failed reports reason
 * {@code error} (QEMU 7.2's primary does so when the secondary took over).
 *
 * @param mode the role the node had when it left COLO
 * @param reason why it left
 */
public record ColoExit(ColoMode mode, ColoExitReason reason) {}
