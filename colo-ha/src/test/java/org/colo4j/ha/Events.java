package org.colo4j.ha;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Collects a guard's events and waits for one, with a deadline. */
final class Events implements Consumer<GuardEvent> {

    final List<GuardEvent> all = new CopyOnWriteArrayList<>();

    @Override
    public void accept(GuardEvent e) {
        all.add(e);
    }

    /** Waits up to 10 s for the first event of {@code type} that matches {@code p}. */
    <T extends GuardEvent> T await(Class<T> type, Predicate<? super T> p) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (GuardEvent e : all) {
                if (type.isInstance(e) && p.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
            sleep(5);
        }
        return fail("no %s within 10 s; events:%n%s", type.getSimpleName(), describe());
    }

    <T extends GuardEvent> T await(Class<T> type) {
        return await(type, e -> true);
    }

    <T extends GuardEvent> List<T> of(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The first decision that acted (anything but NONE). */
    Decision acted() {
        return await(GuardEvent.Decided.class, d -> d.decision().action() != Decision.Action.NONE).decision();
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        all.forEach(e -> b.append("  ").append(e).append('\n'));
        return b.toString();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
