package org.colo4j.ha;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a {@link ColoGuard}'s {@link GuardEvent}s go: its log (failures, fences that failed and halts
 * at WARN, ignored signals at DEBUG, the rest at INFO, under {@code org.colo4j.ha.ColoGuard}) and every
 * listener, each in turn; a listener that throws is logged and the others still hear the event.
 */
final class GuardListeners {

    private static final Logger log = LoggerFactory.getLogger(ColoGuard.class);

    private final String member;
    private final CopyOnWriteArrayList<Consumer<? super GuardEvent>> listeners = new CopyOnWriteArrayList<>();

    GuardListeners(String member, List<Consumer<? super GuardEvent>> initial) {
        this.member = member;
        this.listeners.addAll(initial);
    }

    /** Adds {@code listener} until the returned handle is closed. */
    AutoCloseable add(Consumer<? super GuardEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    /** Logs {@code e} and hands it to every listener. */
    void emit(GuardEvent e) {
        if (e instanceof GuardEvent.FenceFailed || e instanceof GuardEvent.ActionFailed || e instanceof GuardEvent.Halted) {
            log.warn("guard {}: {}", member, e);
        } else if (e instanceof GuardEvent.Ignored) {
            log.debug("guard {}: {}", member, e);
        } else {
            log.info("guard {}: {}", member, e);
        }
        for (Consumer<? super GuardEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                log.warn("guard {}: a GuardEvent listener failed", member, ex);
            }
        }
    }
}
