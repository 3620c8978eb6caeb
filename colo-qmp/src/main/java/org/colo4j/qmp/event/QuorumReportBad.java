package org.colo4j.qmp.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.colo4j.qmp.command.QuorumOpType;

/**
 * {@code QUORUM_REPORT_BAD}: one child of a quorum failed an operation or returned data that
 * disagrees with the others.
 *
 * <p>On a COLO primary, writes to {@code colo-disk0} before COLO is running fail on the replication
 * child and are reported here (type {@code write}, error {@code Input/output error}).
 *
 * @param type the failed operation
 * @param error the error message; nullable (absent when the data merely disagreed)
 * @param nodeName the failing child node (QMP {@code node-name})
 * @param sectorNum the first 512-byte sector concerned (QMP {@code sector-num})
 * @param sectorsCount the number of sectors (QMP {@code sectors-count})
 */
public record QuorumReportBad(
        QuorumOpType type,
        String error,
        @JsonProperty("node-name") String nodeName,
        @JsonProperty("sector-num") long sectorNum,
        @JsonProperty("sectors-count") long sectorsCount) {}
