package org.colo4j.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * Every {@link FaultRecord} of this JVM, in the order the runs ended. Failsafe runs all test classes
 * of a module in one forked JVM (the build's default), so after the last fault class this holds the
 * whole suite.
 */
final class FaultLog {

    private static final List<FaultRecord> RECORDS = new ArrayList<>();

    private FaultLog() {}

    static synchronized void add(FaultRecord r) {
        RECORDS.add(r);
    }

    static synchronized List<FaultRecord> all() {
        return List.copyOf(RECORDS);
    }
}
