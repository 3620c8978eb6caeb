package org.colo4j.fault;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** After each HA fault class, rewrites the "Automatic HA" section of RELIABILITY.md from every run so far (when asked to). */
final class HaReportExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        HaReport.writeIfRequested();
    }
}
