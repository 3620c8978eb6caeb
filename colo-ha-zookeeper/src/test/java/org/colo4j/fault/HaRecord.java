package org.colo4j.fault;

/**
 * One run of one automatic-HA fault scenario, as the "Automatic HA" section of RELIABILITY.md counts it.
 *
 * @param scenario the scenario, e.g. {@code agents (ZooKeeper): primary isolated}
 * @param run the run's index
 * @param detail what varied (the survivor, the rule the guard applied), or empty
 * @param passed whether every check of the run held
 * @param running how many nodes ran the guest at the end (queried on both QEMUs); -1 if not checked
 * @param dataVerified whether the pattern and the counter written before the last checkpoint read back
 *     on the survivor; null if the run did not get that far
 * @param recoverMillis from the fault to the survivor running alone (the guard's {@code FailedOver});
 *     null if it never did
 * @param failoverMillis how long the failover's own QMP sequence took ({@code FailoverReport.total()}), or null
 * @param targetMillis the run's target for that time
 * @param failure the first line of why the run failed, or null
 */
record HaRecord(String scenario, int run, String detail, boolean passed, int running, Boolean dataVerified,
                Long recoverMillis, Long failoverMillis, long targetMillis, String failure) {

    /** Two nodes running the guest alone at once. */
    boolean splitBrain() {
        return running > 1;
    }
}
