package dev.slidr.rules.slice;

import dev.slidr.contract.Device;
import java.util.List;

/**
 * The slices of the scheme training calibrates ({@link Slicing#DEVICE_AND_LOGIN}), numbered for
 * per-slice arrays: a slice's id is its position in {@link Slicing#slices()}, device ordinal * 2 +
 * (logged in ? 0 : 1). Names and order come from {@link Slicing}, so training's slices are the
 * decision policy's.
 *
 * <pre>{@code
 * double[] threshold = new double[Slices.NAMES.size()];
 * threshold[Slices.id(click.device(), click.loggedIn())] = ...;
 * }</pre>
 */
public final class Slices {

    /** The scheme these slices belong to. */
    public static final Slicing SLICING = Slicing.DEVICE_AND_LOGIN;

    /** Slice names in id order, as {@code calibration.json} names them. */
    public static final List<String> NAMES = SLICING.slices().stream().map(Slice::name).toList();

    private Slices() {}

    /** The id of the slice of a device class and login state. */
    public static int id(Device device, boolean loggedIn) {
        return NAMES.indexOf(name(device, loggedIn));
    }

    /** The name of the slice of a device class and login state. */
    public static String name(Device device, boolean loggedIn) {
        return SLICING.sliceOf(device, loggedIn).name();
    }
}
