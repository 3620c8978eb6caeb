package org.colo4j;

import java.util.Objects;
import org.colo4j.qmp.QmpOptions;

/**
 * How a {@link ColoPair} connects and how long its procedures may take.
 *
 * <pre>{@code
 * ColoPairOptions options = ColoPairOptions.defaults()
 *         .withQmp(QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(5)))
 *         .withTimeouts(ColoTimeouts.defaults().withStart(Duration.ofMinutes(5)));
 * }</pre>
 *
 * @param qmp the options of both QMP connections; each connection is named after its node
 *     ({@link QmpOptions#withName}), so its logger is {@code org.colo4j.qmp.<node name>}
 * @param timeouts the procedures' deadlines
 */
public record ColoPairOptions(QmpOptions qmp, ColoTimeouts timeouts) {

    private static final ColoPairOptions DEFAULTS = new ColoPairOptions(QmpOptions.defaults(), ColoTimeouts.defaults());

    public ColoPairOptions {
        Objects.requireNonNull(qmp, "qmp");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /** {@link QmpOptions#defaults()} and {@link ColoTimeouts#defaults()}. */
    public static ColoPairOptions defaults() {
        return DEFAULTS;
    }

    public ColoPairOptions withQmp(QmpOptions options) {
        return new ColoPairOptions(options, timeouts);
    }

    public ColoPairOptions withTimeouts(ColoTimeouts t) {
        return new ColoPairOptions(qmp, t);
    }
}
