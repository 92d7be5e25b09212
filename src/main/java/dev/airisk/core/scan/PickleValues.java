package dev.airisk.core.scan;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The values of {@link PickleAnalyzer}'s simulated stack: what the analysis keeps of each (a string, a
 * number, an imported callable and what calling it made) and, for everything else, only its kind.
 */
final class PickleValues {
    private PickleValues() {
    }

    static final Object MARK_VALUE = new Object() {
        @Override
        public String toString() {
            return "a MARK";
        }
    };

    /** A value the analysis does not need, known only by what kind it is. */
    record Opaque(String what) {
        @Override
        public String toString() {
            return what;
        }
    }

    static final Opaque NONE_VALUE = new Opaque("None");
    static final Opaque NUMBER = new Opaque("a number");
    static final Opaque BYTES = new Opaque("a bytes value");
    static final Opaque LONG_STRING = new Opaque("a string too long to keep");
    static final Opaque CONTAINER = new Opaque("a container");
    static final Opaque OBJECT = new Opaque("the result of a call");
    static final Opaque PERSISTENT = new Opaque("a persistent object");
    static final Opaque BUFFER_VALUE = new Opaque("an out-of-band buffer");
    static final Opaque EXTENSION = new Opaque("an extension-registry callable");
    static final Opaque LATIN1_PICKLE = new Opaque("a string holding a pickle");

    record Str(String value) {
        @Override
        public String toString() {
            return "'" + PickleText.printable(value) + "'";
        }
    }

    record Int(BigInteger value) {
        @Override
        public String toString() {
            return "a number";
        }
    }

    /** An imported callable; {@code rec} is null when it is safe. */
    record Global(String module, String name, ImportRec rec) {
        @Override
        public String toString() {
            return "the callable " + PickleText.printable(module + "." + name);
        }
    }

    /** What calling an imported callable made. */
    record Made(Global by) {
        @Override
        public String toString() {
            return "the result of a call";
        }
    }

    static final class ImportRec {
        final String module;
        final String name;
        final Imports kind;
        final String via;
        final long offset;
        final int pickle;
        final Set<String> uses = new LinkedHashSet<>(4);
        /** Why the name is suspect when it was too long to keep whole, else null. */
        String cut;

        ImportRec(String module, String name, Imports kind, String via, long offset, int pickle) {
            this.module = module;
            this.name = name;
            this.kind = kind;
            this.via = via;
            this.offset = offset;
            this.pickle = pickle;
        }
    }

    record Event(int pickle, long offset, String rule, Severity severity, String message) {
    }
}
