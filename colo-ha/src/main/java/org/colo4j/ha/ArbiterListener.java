package org.colo4j.ha;

/** Hears what happens in a pair's arbitration; called on an arbiter thread, in order. Keep it quick. */
@FunctionalInterface
public interface ArbiterListener {

    void onEvent(ArbiterEvent event);
}
