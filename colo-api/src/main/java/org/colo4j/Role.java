package org.colo4j;

/** Which node of the pair a step runs on, by its role at the time the step runs. */
public enum Role {
    PRIMARY,
    SECONDARY;

    /** The other role. */
    public Role other() {
        return this == PRIMARY ? SECONDARY : PRIMARY;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
