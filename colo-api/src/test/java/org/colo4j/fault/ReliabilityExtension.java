package org.colo4j.fault;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each fault class, rewrites RELIABILITY.md from every run this JVM has recorded, when
 * {@value ReliabilityReport#PROPERTY} names the file (the {@code -Pfaults} profile sets it). The
 * last class to finish leaves the whole suite in it.
 */
final class ReliabilityExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        ReliabilityReport.writeIfRequested();
    }
}
