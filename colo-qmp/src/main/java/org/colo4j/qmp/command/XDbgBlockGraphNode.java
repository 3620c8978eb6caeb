package org.colo4j.qmp.command;

/**
 * A vertex of {@link XDbgBlockGraph}.
 *
 * @param id the vertex id, referenced by edges
 * @param type {@code block-backend}, {@code block-job} or {@code block-driver}
 * @param name the backend name, job id or node name (may be empty for anonymous backends)
 */
public record XDbgBlockGraphNode(long id, String type, String name) {}
