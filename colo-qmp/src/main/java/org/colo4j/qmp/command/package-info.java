/**
 * Typed QMP commands and their reply types, one record per command, named after it
 * ({@code query-colo-status} → {@link org.colo4j.qmp.command.QueryColoStatus}).
 *
 * <p>Each command record implements {@link org.colo4j.qmp.QmpCommand}; the record is the QMP
 * {@code arguments} object and renders deterministically with
 * {@link org.colo4j.qmp.QmpJson#toJson(org.colo4j.qmp.QmpCommand)}, so plans and golden tests can
 * use the same objects the client sends. Compact constructors reject missing or contradictory
 * arguments with a message naming the field, before QEMU sees them. Reply records decode leniently:
 * members this version of colo4j does not know are ignored and unknown enum values become
 * {@code UNKNOWN}.
 *
 * <p>The set covers the COLO procedure of QEMU's docs/COLO-FT.txt (NBD export, replication child,
 * {@code x-colo}, checkpoint delay, failover, resync mirror, network proxy objects) plus the
 * queries colo4j's preflight and status need. Names and types follow QEMU's QAPI schema; replies
 * were checked against QEMU 7.2.
 *
 * <p>All parameters and return values are non-null unless documented otherwise; optional QMP
 * members are nullable record components, omitted from the JSON when null.
 */
package org.colo4j.qmp.command;
