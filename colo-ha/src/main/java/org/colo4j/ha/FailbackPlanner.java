package org.colo4j.ha;

import org.colo4j.ColoPairSpec;
import org.colo4j.Role;

/**
 * Builds the next pair spec when a replacement secondary is announced, for an automatic failback
 * ({@link GuardOptions#autoFailback()}), typically with
 * {@link ColoPairSpec#afterFailover(Role, org.colo4j.ColoNode, java.util.List)}.
 *
 * <pre>{@code
 * FailbackPlanner planner = (spec, survivor, replacement) ->
 *         spec.afterFailover(survivor, myNodes.get(replacement.node()), myDisks.get(replacement.node()));
 * }</pre>
 */
@FunctionalInterface
public interface FailbackPlanner {

    /**
     * The spec to resume replication with: its primary must be {@code spec.node(survivor)}, its
     * secondary the replacement, started with that spec's {@code secondaryArgv()}.
     *
     * @param spec the spec of the pair that failed over
     * @param survivor the role of the node that carried on
     * @param replacement what was announced
     */
    ColoPairSpec next(ColoPairSpec spec, Role survivor, Replacement replacement);
}
