package org.colo4j.fault;

/**
 * One run of one fault scenario, as RELIABILITY.md counts it.
 *
 * @param scenario the scenario's name, e.g. {@code secondary frozen -> failover().onPrimary()}
 * @param run the run's index within the scenario
 * @param detail what varied in this run (victim, kill moment), or empty
 * @param passed whether every assertion of the run held
 * @param returnMillis how long the faulted call took to return, even if past the bound; null if
 *     it never returned (or the run failed before the call)
 * @param inTime whether it returned within the bound
 * @param outcome {@code ok}, the exception's simple class name, or {@code no return}
 * @param dataCheck whether the pattern read back on the survivor; null if the run did not get that far
 * @param failure the first line of why the run failed, or null
 */
record FaultRecord(String scenario, int run, String detail, boolean passed, Long returnMillis, boolean inTime,
                   String outcome, Boolean dataCheck, String failure) {}
