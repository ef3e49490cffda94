package dev.slidr.training.rows;

/**
 * An open-addressing map from 64-bit keys to bytes: 9 bytes a slot, at most half full. Holds the
 * ground truth by click id hash, the one join whose size is the clicks' (the truth file has a row
 * per click and need not be in the log's order), at about 18 to 36 bytes per click instead of the
 * hundred-odd of a {@code HashMap<String, Boolean>} entry.
 */
public final class LongByteMap {

    private static final long EMPTY = 0L;
    // key 0 is the empty marker; a real key 0 is kept aside
    private boolean hasZero;
    private byte zeroValue;
    private long[] keys;
    private byte[] values;
    private int size;

    public LongByteMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new byte[capacity];
    }

    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    /** Puts the value unless the key is present; returns whether it was absent. */
    public boolean putIfAbsent(long key, byte value) {
        if (key == EMPTY) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            zeroValue = value;
            return true;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return true;
    }

    /** Puts the value, replacing any; returns whether the key was absent. */
    public boolean put(long key, byte value) {
        if (key == EMPTY) {
            boolean absent = !hasZero;
            hasZero = true;
            zeroValue = value;
            return absent;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                values[i] = value;
                return false;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return true;
    }

    /** The value of the key, or {@code missing}. */
    public byte get(long key, byte missing) {
        if (key == EMPTY) {
            return hasZero ? zeroValue : missing;
        }
        int mask = keys.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return missing;
    }

    private void grow() {
        long[] oldKeys = keys;
        byte[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new byte[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                putIfAbsent(oldKeys[i], oldValues[i]);
            }
        }
    }
}
