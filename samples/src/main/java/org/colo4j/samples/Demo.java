package org.colo4j.samples;

/** Placeholder until the demo lands. */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) {
        System.out.println("colo4j demo");
    }
}
