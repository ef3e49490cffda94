package dev.slidr.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Named simulator configurations shipped with the simulator (JSON files in the {@code --config}
 * format under {@code dev/slidr/simulator/profiles/}), for traffic shaped unlike the defaults.
 */
public final class SimulatorProfiles {

    /**
     * App clicks on one device class, no logins, app-install attributions as the only conversions
     * (about 0.2 % of clicks), a handful of carrier NAT addresses with hundreds of humans each,
     * botnet hosts on a new IP every click and anonymous click farms.
     */
    public static final String MOBILE_APP = "mobile-app";

    private static final List<String> NAMES = List.of(MOBILE_APP);

    private SimulatorProfiles() {}

    /** Every profile name, in documentation order. */
    public static List<String> names() {
        return NAMES;
    }

    /** The profile's JSON text, as a user would copy it into a {@code --config} file. */
    public static String json(String name) {
        if (!NAMES.contains(name)) {
            throw new InvalidConfigException(
                    "unknown profile '" + name + "'; known profiles: " + String.join(", ", NAMES));
        }
        String resource = "profiles/" + name + ".json";
        try (InputStream in = SimulatorProfiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("profile resource missing: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile resource " + resource, e);
        }
    }

    /** The configuration of a named profile; keys the profile leaves out keep their defaults. */
    public static SimulatorConfig load(String name) {
        return SimulatorConfig.fromJson(json(name));
    }
}
