package dev.airisk.core.scan;

import java.util.HashMap;
import java.util.Map;

/**
 * The unpickler's memo, sparse: a map, so a memo key of four billion costs one entry, not an array of
 * four billion (a 9-byte pickle used to allocate a 4-million-entry array). At most {@link #MAX_ENTRIES}.
 */
final class PickleMemo {
    /** The most entries one pickle's memo holds; a pickle that stores more is reported and not analysed further. */
    static final int MAX_ENTRIES = 1 << 20;

    private Map<Long, Object> map = new HashMap<>();

    /** Empties the memo in constant time (a new map: clearing a large one would cost its capacity every pickle). */
    void clear() {
        if (!map.isEmpty()) {
            map = new HashMap<>();
        }
    }

    int size() {
        return map.size();
    }

    void put(long key, Object value) throws PickleMalformed {
        if (key < 0) {
            throw new PickleMalformed("negative memo key " + key);
        }
        if (map.put(key, value) == null && map.size() > MAX_ENTRIES) {
            throw PickleMalformed.limit("the memo holds more than " + MAX_ENTRIES + " entries");
        }
    }

    Object get(long key) {
        return map.get(key);
    }
}
