package dev.slidr.rules.slice;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How clicks are grouped into slices. The default, {@link #DEVICE_AND_LOGIN}, is the design's
 * device class × logged-in; coarser schemes serve traffic too thin to calibrate every cell.
 *
 * <table>
 *   <caption>slice names per scheme</caption>
 *   <tr><th>scheme</th><th>names</th></tr>
 *   <tr><td>{@code DEVICE_AND_LOGIN}</td><td>{@code desktop/logged_in}, {@code desktop/anonymous},
 *       ... (8)</td></tr>
 *   <tr><td>{@code DEVICE}</td><td>{@code desktop}, {@code mobile}, {@code app}, {@code
 *       other}</td></tr>
 *   <tr><td>{@code LOGIN}</td><td>{@code logged_in}, {@code anonymous}</td></tr>
 *   <tr><td>{@code SINGLE}</td><td>{@code all}</td></tr>
 * </table>
 */
public enum Slicing {
    /** Device wire name + {@code /logged_in} or {@code /anonymous}. */
    DEVICE_AND_LOGIN,
    /** Device wire name only. */
    DEVICE,
    /** {@code logged_in} or {@code anonymous} only. */
    LOGIN,
    /** One slice, {@code all}, for every click. */
    SINGLE;

    static final String LOGGED_IN = "logged_in";
    static final String ANONYMOUS = "anonymous";
    static final String ALL = "all";

    /**
     * Each scheme's slice per device class (ordinal) and login (0 logged in, 1 anonymous): every
     * click is sliced, so the slices are made once, each name with its hash cached, instead of a
     * new name per click.
     */
    private static final Slice[][][] SLICES = new Slice[values().length][][];

    static {
        for (Slicing slicing : values()) {
            Slice[][] byDevice = new Slice[Device.values().length][2];
            for (Device device : Device.values()) {
                byDevice[device.ordinal()][0] = slicing.make(device, true);
                byDevice[device.ordinal()][1] = slicing.make(device, false);
            }
            SLICES[slicing.ordinal()] = byDevice;
        }
    }

    /** The slice of a click. */
    public Slice sliceOf(Click click) {
        return sliceOf(click.device(), click.loggedIn());
    }

    /** The slice of a device class and login state. */
    public Slice sliceOf(Device device, boolean loggedIn) {
        return SLICES[ordinal()][Objects.requireNonNull(device, "device").ordinal()][
                loggedIn ? 0 : 1];
    }

    private Slice make(Device device, boolean loggedIn) {
        String login = loggedIn ? LOGGED_IN : ANONYMOUS;
        return new Slice(
                switch (this) {
                    case DEVICE_AND_LOGIN -> device.wireName() + "/" + login;
                    case DEVICE -> device.wireName();
                    case LOGIN -> login;
                    case SINGLE -> ALL;
                });
    }

    /** Every slice this scheme produces, in a fixed order. */
    public List<Slice> slices() {
        List<Slice> out = new ArrayList<>();
        for (Device device : Device.values()) {
            for (boolean loggedIn : new boolean[] {true, false}) {
                Slice slice = sliceOf(device, loggedIn);
                if (!out.contains(slice)) {
                    out.add(slice);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The scheme of a configuration value such as {@code device_and_login}, case-insensitive. */
    public static Slicing fromName(String name) {
        for (Slicing slicing : values()) {
            if (slicing.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return slicing;
            }
        }
        throw new IllegalArgumentException(
                "unknown slicing '"
                        + name
                        + "', expected one of "
                        + List.of(values()).toString().toLowerCase(Locale.ROOT));
    }
}
