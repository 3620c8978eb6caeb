package org.colo4j.testkit;

/**
 * The role a {@link FakeColoNode} is started in, as COLO-FT.txt starts the two QEMUs.
 */
public enum ColoRole {

    /**
     * Started with {@code -S}: run state {@code prelaunch}, a quorum disk with one child, and the
     * COLO proxy of COLO-FT.txt step 1 (chardevs {@code mirror0}, {@code compare1}, {@code compare0},
     * {@code compare0-0}, {@code compare_out}, {@code compare_out0}; objects {@code m0},
     * {@code redire0}, {@code redire1}, {@code iothread1}, {@code comp0}).
     */
    PRIMARY,

    /**
     * Started with {@code -incoming}: run state {@code inmigrate}, the parent, replication and
     * quorum drives, and the proxy of COLO-FT.txt step 2 (chardevs {@code red0}, {@code red1};
     * objects {@code f1}, {@code f2}, {@code rew0}).
     */
    SECONDARY
}
