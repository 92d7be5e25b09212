package dev.airisk.core.port;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reports how far a long piece of work has come: an upload of a large blob, and the bytes of a
 * version registered, verified, pulled or exported. The command line shows a bar on a terminal;
 * everywhere else it is {@link #NONE}. A task started while another is open takes the bar over
 * until it ends.
 */
public interface Progress {
    /** Reports nothing. */
    Progress NONE = (what, total) -> Task.NONE;

    /** Starts reporting on one piece of work of {@code total} bytes, described as {@code what}. */
    Task start(String what, long total);

    /** One piece of work under way; {@link #close()} ends it, finished or not. */
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

        /** {@code in}, reporting every byte read from it as done. */
        default InputStream counting(InputStream in) {
            if (this == NONE) {
                return in;
            }
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        advance(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    if (n > 0) {
                        advance(n);
                    }
                    return n;
                }
            };
        }
    }
}
