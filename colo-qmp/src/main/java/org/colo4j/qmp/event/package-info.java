/**
 * Typed QMP events: {@link org.colo4j.qmp.event.QmpEvents} binds each event name colo4j knows to
 * the record its {@code data} decodes into, for {@code QmpEvent.as(...)} and typed listeners.
 *
 * <p>The set is what COLO orchestration watches: {@code COLO_EXIT}, the {@code STOP}/{@code RESUME}
 * pair of each checkpoint, {@code MIGRATION} status changes, the resync mirror's job events and
 * {@code QUORUM_REPORT_BAD}. Enum-typed members reuse the enums of
 * {@code org.colo4j.qmp.command}; unknown values decode to {@code UNKNOWN}, unknown members are
 * ignored.
 *
 * <p>All parameters and return values are non-null unless documented otherwise; optional QMP
 * members are nullable record components, omitted from the JSON when null.
 */
package org.colo4j.qmp.event;
