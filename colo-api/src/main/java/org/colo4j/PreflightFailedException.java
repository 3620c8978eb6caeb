package org.colo4j;

/**
 * {@link ColoPair#start()} refused to change anything because preflight failed. {@link #report()}
 * says which checks failed and what to do; both QEMUs are as they were.
 */
public class PreflightFailedException extends ColoException {

    private final PreflightReport report;

    public PreflightFailedException(PreflightReport report) {
        super("preflight failed, nothing was changed on either node:\n"
                + report.failures().stream().map(PreflightReport.Check::toString).reduce((a, b) -> a + "\n" + b).orElse(""));
        this.report = report;
    }

    public PreflightReport report() {
        return report;
    }
}
