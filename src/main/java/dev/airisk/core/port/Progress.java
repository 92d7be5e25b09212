package dev.airisk.core.port;

/**
 * Reports how far a long transfer has come (an upload of a large blob). The command line shows a
 * bar on a terminal; everywhere else it is {@link #NONE}.
 */
public interface Progress {
    /** Reports nothing. */
    Progress NONE = (what, total) -> Task.NONE;

    /** Starts reporting on one transfer of {@code total} bytes, described as {@code what}. */
    Task start(String what, long total);

    /** One transfer under way; {@link #close()} ends it, finished or not. */
    interface Task extends AutoCloseable {
        Task NONE = new Task() {
            @Override
            public void advance(long bytes) {
            }

            @Override
            public void close() {
            }
        };

        /** {@code bytes} more are done; may be called from several threads. */
        void advance(long bytes);

        @Override
        void close();
    }
}
