package dev.airisk.core.scan;

import java.util.HashMap;
import java.util.Map;

/** The unpickler's memo: dense keys in an array, a bounded map for the rest. */
final class PickleMemo {
    static final int MAX_MEMO_ARRAY = 1 << 22;
    static final int MAX_MEMO_SPARSE = 1 << 16;

    private Object[] dense = new Object[64];
    private Map<Long, Object> sparse;
    private int size;

    void clear() {
        dense = new Object[64];
        sparse = null;
        size = 0;
    }

    int size() {
        return size;
    }

    void put(long key, Object value) throws PickleMalformed {
        if (key < 0) {
            throw new PickleMalformed("negative memo key " + key);
        }
        if (key < MAX_MEMO_ARRAY) {
            int k = (int) key;
            if (k >= dense.length) {
                Object[] grown = new Object[(int) Math.min(MAX_MEMO_ARRAY, Math.max(k + 1L, dense.length * 2L))];
                System.arraycopy(dense, 0, grown, 0, dense.length);
                dense = grown;
            }
            if (dense[k] == null) {
                size++;
            }
            dense[k] = value;
            return;
        }
        if (sparse == null) {
            sparse = new HashMap<>();
        }
        if (sparse.put(key, value) == null) {
            size++;
            if (sparse.size() > MAX_MEMO_SPARSE) {
                throw new PickleMalformed("more than " + MAX_MEMO_SPARSE + " memo keys above " + MAX_MEMO_ARRAY
                    + "; the analysis stops here");
            }
        }
    }

    Object get(long key) {
        if (key >= 0 && key < dense.length) {
            return dense[(int) key];
        }
        return sparse == null ? null : sparse.get(key);
    }
}
