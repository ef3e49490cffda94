package dev.slidr.simulator;

/**
 * Deterministic identifiers (click, session, customer ids) derived from the seed and an actor's
 * counters, so that actors generated on different threads never need to share a counter. The ids
 * are hashes, so neither their order nor their shape says which kind of actor made them.
 */
final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long seed;

    Ids(long seed) {
        this.seed = mix(seed ^ 0x5DEECE66DL);
    }

    /** A 32-hex-digit click id. */
    String clickId(int actor, long clickSeq) {
        long a = mix(seed + 0x9E3779B97F4A7C15L * (actor + 1L) + clickSeq);
        long b = mix(a ^ 0xC2B2AE3D27D4EB4FL);
        char[] out = new char[32];
        hex(a, out, 0, 16);
        hex(b, out, 16, 16);
        return new String(out);
    }

    /** A session id: {@code s} and 16 hex digits. */
    String sessionId(int actor, int sessionSeq) {
        long a = mix(seed ^ (0xD6E8FEB86659FD93L * (actor + 1L)) ^ ((long) sessionSeq << 1 | 1));
        char[] out = new char[17];
        out[0] = 's';
        hex(a, out, 1, 16);
        return new String(out);
    }

    /** A customer (user) id: {@code c} and 14 hex digits. */
    String customerId(int actor) {
        long a = mix(seed ^ (0xA0761D6478BD642FL * (actor + 7L)));
        char[] out = new char[15];
        out[0] = 'c';
        hex(a, out, 1, 14);
        return new String(out);
    }

    /** SplitMix64's finalizer: a bijective 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void hex(long value, char[] out, int offset, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
