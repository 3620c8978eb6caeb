package org.colo4j.qmp.command;

/**
 * The reply to {@link QueryStatus}: {@code {"running": true, "singlestep": false, "status": "running"}}.
 *
 * @param running whether guest CPUs are running
 * @param status the run state; {@link RunState#UNKNOWN} for a state this colo4j does not know
 * @param singlestep whether single-step mode is on; nullable, as newer QEMUs deprecate the
 *     member
 */
public record StatusInfo(boolean running, RunState status, Boolean singlestep) {}
