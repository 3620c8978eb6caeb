package org.colo4j.netfilter;

/** How bad a {@link Problem} is. */
public enum Severity {
    /** The proxy would not work (QEMU refuses it, or COLO cannot compare); building fails. */
    ERROR,
    /** The proxy works but is risky (e.g. unauthenticated traffic on a public address); building succeeds. */
    WARNING
}
