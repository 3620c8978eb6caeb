package org.colo4j.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code colo4j --version}: the jar's Implementation-Version. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Colo4j.class.getPackage().getImplementationVersion();
        return new String[] {"colo4j " + (v == null ? "(development build)" : v)};
    }
}
