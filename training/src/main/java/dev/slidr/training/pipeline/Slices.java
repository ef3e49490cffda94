package dev.slidr.training.pipeline;

import dev.slidr.contract.Device;
import java.util.ArrayList;
import java.util.List;

/**
 * The traffic slices, device class x logged-in, named as in {@code calibration.json}: device wire
 * name + {@code /logged_in} or {@code /anonymous}. Slice id = device ordinal * 2 + (logged in ? 0 :
 * 1).
 */
public final class Slices {

    /** Slice names in id order. */
    public static final List<String> NAMES = names();

    private Slices() {}

    public static int id(Device device, boolean loggedIn) {
        return device.ordinal() * 2 + (loggedIn ? 0 : 1);
    }

    public static String name(Device device, boolean loggedIn) {
        return device.wireName() + (loggedIn ? "/logged_in" : "/anonymous");
    }

    private static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Device d : Device.values()) {
            out.add(name(d, true));
            out.add(name(d, false));
        }
        return List.copyOf(out);
    }
}
