package org.colo4j.qmp.command;

/**
 * The reply to {@link ChardevAdd}: {@code {}} or, for a pty backend, {@code {"pty": "/dev/pts/0"}}.
 *
 * @param pty the pty's path; nullable (null for every other backend)
 */
public record ChardevReturn(String pty) {}
