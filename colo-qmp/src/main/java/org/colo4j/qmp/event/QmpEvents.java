package org.colo4j.qmp.event;

import java.util.List;
import java.util.Optional;
import org.colo4j.qmp.QmpEventType;

/**
 * The QMP events colo4j knows, each bound to the record its {@code data} decodes into.
 *
 * <pre>{@code
 * qmp.onEvent(QmpEvents.COLO_EXIT, exit -> log.warn("left COLO as {}: {}", exit.mode(), exit.reason()));
 * ColoExit exit = event.as(QmpEvents.COLO_EXIT);
 * }</pre>
 */
public final class QmpEvents {

    /** The node left COLO (failover requested or peer lost). */
    public static final QmpEventType<ColoExit> COLO_EXIT = QmpEventType.of("COLO_EXIT", ColoExit.class);

    /** Guest CPUs stopped (also around each COLO checkpoint). */
    public static final QmpEventType<NoData> STOP = QmpEventType.of("STOP", NoData.class);

    /** Guest CPUs resumed (also after each COLO checkpoint). */
    public static final QmpEventType<NoData> RESUME = QmpEventType.of("RESUME", NoData.class);

    /** QEMU is shutting down. */
    public static final QmpEventType<Shutdown> SHUTDOWN = QmpEventType.of("SHUTDOWN", Shutdown.class);

    /** The machine was reset. */
    public static final QmpEventType<Reset> RESET = QmpEventType.of("RESET", Reset.class);

    /** The migration changed status (needs the {@code events} capability). */
    public static final QmpEventType<Migration> MIGRATION = QmpEventType.of("MIGRATION", Migration.class);

    /** A mirror job caught up. */
    public static final QmpEventType<BlockJobReady> BLOCK_JOB_READY =
            QmpEventType.of("BLOCK_JOB_READY", BlockJobReady.class);

    /** A block job ended. */
    public static final QmpEventType<BlockJobCompleted> BLOCK_JOB_COMPLETED =
            QmpEventType.of("BLOCK_JOB_COMPLETED", BlockJobCompleted.class);

    /** A job changed state. */
    public static final QmpEventType<JobStatusChange> JOB_STATUS_CHANGE =
            QmpEventType.of("JOB_STATUS_CHANGE", JobStatusChange.class);

    /** A quorum child failed or disagreed. */
    public static final QmpEventType<QuorumReportBad> QUORUM_REPORT_BAD =
            QmpEventType.of("QUORUM_REPORT_BAD", QuorumReportBad.class);

    private static final List<QmpEventType<?>> ALL = List.of(COLO_EXIT, STOP, RESUME, SHUTDOWN, RESET, MIGRATION,
            BLOCK_JOB_READY, BLOCK_JOB_COMPLETED, JOB_STATUS_CHANGE, QUORUM_REPORT_BAD);

    private QmpEvents() {}

    /** Every constant of this class, in declaration order. */
    public static List<QmpEventType<?>> all() {
        return ALL;
    }

    /** The constant for event {@code name}, if colo4j has one. */
    public static Optional<QmpEventType<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
