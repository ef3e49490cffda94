package dev.slidr.feature;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A versioned, fixed, ordered list of feature names: the layout of every feature vector that a
 * model of that version was trained on and is scored with.
 *
 * <p>{@link #V1} is the only version; its indices are the {@code int} constants below. A change to
 * any feature's definition, window or order is a new version.
 */
public final class FeatureSchema {

    public static final int USER_CLICKS_1M = 0;
    public static final int USER_CLICKS_5M = 1;
    public static final int USER_CLICKS_1H = 2;
    public static final int USER_CLICKS_24H = 3;
    public static final int USER_VELOCITY = 4;
    public static final int USER_SECONDS_SINCE_PREVIOUS = 5;
    public static final int USER_DISTINCT_ADS_1H = 6;
    public static final int USER_DISTINCT_ADVERTISERS_1H = 7;
    public static final int IP_CLICKS_1M = 8;
    public static final int IP_CLICKS_1H = 9;
    public static final int IP_CLICKS_24H = 10;
    public static final int IP_DISTINCT_USERS_1H = 11;
    public static final int IP_DISTINCT_USERS_24H = 12;
    public static final int IP_DISTINCT_SESSIONS_1H = 13;
    public static final int IP_DISTINCT_SESSIONS_24H = 14;
    public static final int HOUR_SIN = 15;
    public static final int HOUR_COS = 16;
    public static final int DAY_OF_WEEK_SIN = 17;
    public static final int DAY_OF_WEEK_COS = 18;
    public static final int LOGGED_IN = 19;
    public static final int DEVICE_DESKTOP = 20;
    public static final int DEVICE_MOBILE = 21;
    public static final int DEVICE_APP = 22;
    public static final int DEVICE_OTHER = 23;

    /** Version 1: 24 features. */
    public static final FeatureSchema V1 =
            new FeatureSchema(
                    "v1",
                    List.of(
                            "user_clicks_1m",
                            "user_clicks_5m",
                            "user_clicks_1h",
                            "user_clicks_24h",
                            "user_velocity_1m_vs_24h",
                            "user_seconds_since_previous",
                            "user_distinct_ads_1h",
                            "user_distinct_advertisers_1h",
                            "ip_clicks_1m",
                            "ip_clicks_1h",
                            "ip_clicks_24h",
                            "ip_distinct_users_1h",
                            "ip_distinct_users_24h",
                            "ip_distinct_sessions_1h",
                            "ip_distinct_sessions_24h",
                            "hour_sin",
                            "hour_cos",
                            "day_of_week_sin",
                            "day_of_week_cos",
                            "logged_in",
                            "device_desktop",
                            "device_mobile",
                            "device_app",
                            "device_other"));

    private final String version;
    private final List<String> names;
    private final Map<String, Integer> indices = new HashMap<>();

    private FeatureSchema(String version, List<String> names) {
        this.version = version;
        this.names = List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            if (indices.put(names.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate feature name " + names.get(i));
            }
        }
    }

    /** The version's name, recorded with models and decisions ({@code "v1"}). */
    public String version() {
        return version;
    }

    /** Feature names in vector order. */
    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }

    /** Index of a feature name. */
    public int indexOf(String name) {
        Integer index = indices.get(name);
        if (index == null) {
            throw new IllegalArgumentException(
                    "no feature named '" + name + "' in schema " + version);
        }
        return index;
    }

    /** The schema of a version name. */
    public static FeatureSchema forVersion(String version) {
        if (V1.version.equals(version)) {
            return V1;
        }
        throw new IllegalArgumentException("unknown feature schema version '" + version + "'");
    }

    @Override
    public String toString() {
        return "FeatureSchema[" + version + ", " + names.size() + " features]";
    }
}
