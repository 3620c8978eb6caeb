package org.colo4j;

/**
 * Receives the progress of the disk copy while {@link ColoPair#resumeReplication} resynchronises a
 * new secondary: several times a second per disk, and once at 100% when the mirror is ready. Called on
 * the thread running the resume; keep it quick.
 */
@FunctionalInterface
public interface ResyncListener {

    /** A listener that ignores progress. */
    ResyncListener NONE = p -> { };

    void progress(ResyncProgress progress);
}
