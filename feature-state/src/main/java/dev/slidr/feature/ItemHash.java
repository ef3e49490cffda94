package dev.slidr.feature;

import org.apache.datasketches.memory.XxHash;

/**
 * The 32-bit hash under which distinct sets keep an identifier (XXH64 of its UTF-16 chars, high
 * half). Fixed forever within a state format version: serialized sets hold these hashes.
 */
public final class ItemHash {

    private static final long SEED = 0x511D_2026L;

    private ItemHash() {}

    /** Hash of {@code id}; computed once per identifier per event. */
    public static int of(String id) {
        return (int) (XxHash.hashString(id, 0, id.length(), SEED) >>> 32);
    }
}
