package dev.slidr.feature;

/**
 * The 32-bit hash under which distinct sets keep an identifier: MurmurHash3 (x64) block mixing over
 * the identifier's UTF-16 chars, four to a 64-bit block, with its 64-bit finalizer; the high half.
 * Fixed within a state format version, since serialized sets hold these hashes.
 *
 * <p>Hand-written rather than a library call: DataSketches' string hash copies every string into a
 * fresh {@code char[]} first, and that was a quarter of the update time; this reads the chars in
 * place and allocates nothing. Identifiers are pseudonymized before they reach the job, so nobody
 * can choose inputs that collide.
 */
public final class ItemHash {

    private static final long SEED = 0x511D_2026_0302L;
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private ItemHash() {}

    /** Hash of {@code id}; computed once per identifier per event. */
    public static int of(String id) {
        int n = id.length();
        long h = SEED;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            long block =
                    id.charAt(i)
                            | (long) id.charAt(i + 1) << 16
                            | (long) id.charAt(i + 2) << 32
                            | (long) id.charAt(i + 3) << 48;
            h ^= mixBlock(block);
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        long tail = 0;
        for (int shift = 0; i < n; i++, shift += 16) {
            tail |= (long) id.charAt(i) << shift;
        }
        h ^= mixBlock(tail);
        h ^= n;
        return (int) (fmix64(h) >>> 32);
    }

    private static long mixBlock(long k) {
        k *= C1;
        k = Long.rotateLeft(k, 31);
        return k * C2;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
