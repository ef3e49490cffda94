package dev.slidr.rules.givt;

/**
 * Why the GIVT (general invalid traffic) filter invalidated a click; one code per check, in the
 * order the checks run.
 */
public enum GivtReason {
    /** The user agent declares a robot, crawler, scripted client or attack tool (YAUAA). */
    DECLARED_ROBOT,
    /** The raw client IP lies in a configured data-centre range. */
    DATA_CENTRE_IP,
    /** The click id was already seen within the dedupe window. */
    DUPLICATE_CLICK;

    /** The code as written in decision records ({@code declared_robot}, ...). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
