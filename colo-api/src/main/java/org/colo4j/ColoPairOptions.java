package org.colo4j;

import java.util.Objects;
import org.colo4j.blockgraph.MirrorSettings;
import org.colo4j.qmp.QmpOptions;

/**
 * How a {@link ColoPair} connects and how long its procedures may take.
 *
 * <pre>{@code
 * ColoPairOptions options = ColoPairOptions.defaults()
 *         .withQmp(QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(5)))
 *         .withTimeouts(ColoTimeouts.defaults().withStart(Duration.ofMinutes(5)))
 *         .withResyncMirror(MirrorSettings.defaults().withBufSize(64L << 20));
 * }</pre>
 *
 * @param qmp the options of both QMP connections; each connection is named after its node
 *     ({@link QmpOptions#withName}), so its logger is {@code org.colo4j.qmp.<node name>}
 * @param timeouts the procedures' deadlines
 * @param resyncMirror how {@link ColoPair#resumeReplication} mirrors each disk to the new secondary
 *     (granularity, buf-size, copy-mode); {@link MirrorSettings#defaults()} by default, see there why
 */
public record ColoPairOptions(QmpOptions qmp, ColoTimeouts timeouts, MirrorSettings resyncMirror) {

    private static final ColoPairOptions DEFAULTS = new ColoPairOptions(QmpOptions.defaults(), ColoTimeouts.defaults(),
            MirrorSettings.defaults());

    public ColoPairOptions {
        Objects.requireNonNull(qmp, "qmp");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(resyncMirror, "resyncMirror");
    }

    /** {@code qmp} and {@code timeouts} with {@link MirrorSettings#defaults()} for the resync. */
    public ColoPairOptions(QmpOptions qmp, ColoTimeouts timeouts) {
        this(qmp, timeouts, MirrorSettings.defaults());
    }

    /** {@link QmpOptions#defaults()}, {@link ColoTimeouts#defaults()} and {@link MirrorSettings#defaults()}. */
    public static ColoPairOptions defaults() {
        return DEFAULTS;
    }

    public ColoPairOptions withQmp(QmpOptions options) {
        return new ColoPairOptions(options, timeouts, resyncMirror);
    }

    public ColoPairOptions withTimeouts(ColoTimeouts t) {
        return new ColoPairOptions(qmp, t, resyncMirror);
    }

    /** These options with the resync's mirror settings ({@link MirrorSettings#qemuDefaults()} leaves all to QEMU). */
    public ColoPairOptions withResyncMirror(MirrorSettings settings) {
        return new ColoPairOptions(qmp, timeouts, settings);
    }
}
