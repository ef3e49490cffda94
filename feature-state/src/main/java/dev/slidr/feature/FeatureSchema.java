package dev.slidr.feature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A versioned, fixed, ordered list of feature names: the layout of every feature vector that a
 * model of that version was trained on and is scored with.
 *
 * <p>{@link #CURRENT} ({@link #V2}) is the version the feature stages compute; its indices are the
 * {@code int} constants below. {@link #V1} is kept so that a model trained on it is recognised and
 * refused with a clear message. A change to any feature's definition, window or order is a new
 * version; a version only ever appends to the one before, so the constants hold for every version
 * that has the feature.
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
    public static final int AD_CLICKS_1H = 24;
    public static final int AD_CLICKS_24H = 25;
    public static final int AD_ANONYMOUS_CLICKS_1H = 26;
    public static final int AD_ANONYMOUS_CLICKS_24H = 27;

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

    /** Version 2: version 1 and four per-ad traffic counts ({@link AdCounters}); 28 features. */
    public static final FeatureSchema V2 =
            V1.extended(
                    "v2",
                    List.of(
                            "ad_clicks_1h",
                            "ad_clicks_24h",
                            "ad_anonymous_clicks_1h",
                            "ad_anonymous_clicks_24h"));

    /** The version the feature stages and the training command compute. */
    public static final FeatureSchema CURRENT = V2;

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

    private FeatureSchema extended(String newVersion, List<String> added) {
        List<String> all = new ArrayList<>(names);
        all.addAll(added);
        return new FeatureSchema(newVersion, all);
    }

    /** The version's name, recorded with models and decisions ({@code "v2"}). */
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

    /** The schema of a version name, current or not. */
    public static FeatureSchema forVersion(String version) {
        for (FeatureSchema schema : List.of(V1, V2)) {
            if (schema.version.equals(version)) {
                return schema;
            }
        }
        throw new IllegalArgumentException("unknown feature schema version '" + version + "'");
    }

    /**
     * The current schema, when {@code version} names it.
     *
     * @throws IllegalArgumentException naming both versions when it does not: a model or record of
     *     another version cannot be scored by this build's features
     */
    public static FeatureSchema requireCurrent(String version) {
        FeatureSchema schema = forVersion(version);
        if (schema != CURRENT) {
            throw new IllegalArgumentException(
                    "feature schema "
                            + version
                            + " is not the one this build computes ("
                            + CURRENT.version
                            + "); retrain the model on "
                            + CURRENT.version
                            + " features");
        }
        return schema;
    }

    @Override
    public String toString() {
        return "FeatureSchema[" + version + ", " + names.size() + " features]";
    }
}
