package org.colo4j.qmp.command;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code query-block-jobs}: the running block jobs, such as the COLO resync mirror.
 *
 * <p>During a resync, {@code offset / len} is the progress and {@code ready} turns true once the
 * mirror has caught up (the {@code BLOCK_JOB_READY} event says the same).
 *
 * <pre>{@code List<BlockJobInfo> jobs = qmp.execute(new QueryBlockJobs());}</pre>
 */
public record QueryBlockJobs() implements QmpCommand<List<BlockJobInfo>> {

    private static final QmpReturn<List<BlockJobInfo>> RETURN = QmpReturn.of(new TypeReference<List<BlockJobInfo>>() {});

    @Override
    public String commandName() {
        return "query-block-jobs";
    }

    @Override
    public QmpReturn<List<BlockJobInfo>> returnType() {
        return RETURN;
    }
}
