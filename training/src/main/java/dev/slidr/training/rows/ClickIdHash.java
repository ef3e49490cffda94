package dev.slidr.training.rows;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash of a click id (FNV-1a over its UTF-8 bytes, then a 64-bit finalizer), so that joins
 * keyed by click id can hold 8 bytes per id instead of a string. Among ten million ids the chance
 * that any two share a hash is about 3 in a million.
 */
public final class ClickIdHash {

    private ClickIdHash() {}

    public static long of(String id) {
        long h = 0xcbf29ce484222325L;
        int n = id.length();
        int i = 0;
        // an ASCII char is its own UTF-8 byte: hashed without encoding the id (once per click)
        while (i < n) {
            char ch = id.charAt(i);
            if (ch >= 0x80) {
                break;
            }
            h ^= ch;
            h *= 0x100000001b3L;
            i++;
        }
        if (i < n) {
            for (byte b : id.substring(i).getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
        }
        return finish(h);
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
