package dev.slidr.training.pipeline;

import java.util.List;

/**
 * The kinds of the truth file's optional {@code kind} column, coded with the robot flag into the
 * one truth byte of a training row: -1 unknown; otherwise bit 0 is the robot flag and bits 1 to 6
 * the kind's code (0 when the file names no kind). A row with no kind is therefore the 0 or 1 of a
 * truth file without the column, as before.
 *
 * <p>The names are the simulator's truth kinds ({@code TrafficKind}, checked by a test of module
 * {@code cli}); any other non-empty kind is counted as {@value #OTHER}, so that a truth file of
 * another source still gets its clicks counted.
 */
public final class TruthKinds {

    /** The known kinds, in report order: the human kinds first, then the robots. */
    public static final List<String> NAMES =
            List.of(
                    "human",
                    "human_gateway",
                    "crawler",
                    "botnet",
                    "botnet_rotating",
                    "click_farm",
                    "stolen_account",
                    "low_and_slow");

    /** The name of every kind not in {@link #NAMES}. */
    public static final String OTHER = "other";

    private static final int OTHER_CODE = 63;

    private TruthKinds() {}

    /**
     * The truth byte of a click: its robot flag and the code of {@code kind} (null or empty: none).
     */
    public static byte encode(boolean robot, String kind) {
        return (byte) ((code(kind) << 1) | (robot ? 1 : 0));
    }

    /** Whether a truth byte says robot; false for unknown (-1) and for humans. */
    public static boolean robot(byte truth) {
        return truth >= 0 && (truth & 1) == 1;
    }

    /** The kind code of a known truth byte: 0 without a kind. */
    public static int code(byte truth) {
        return truth < 0 ? 0 : truth >> 1;
    }

    /** The name of a kind code, or null for 0 (no kind). */
    public static String name(int code) {
        if (code == 0) {
            return null;
        }
        return code == OTHER_CODE ? OTHER : NAMES.get(code - 1);
    }

    private static int code(String kind) {
        if (kind == null || kind.isEmpty()) {
            return 0;
        }
        int i = NAMES.indexOf(kind);
        return i < 0 ? OTHER_CODE : i + 1;
    }
}
