package dev.slidr.simulator;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of a simulation run: clicks and conversions per truth kind and per traffic slice (device x
 * logged-in). Only counts, so that {@code summary.json} is identical for identical runs; timings
 * are added by the caller.
 */
public final class SimulationSummary {

    private final Map<String, Object> run;
    private final EnumMap<TrafficKind, long[]> perKind = new EnumMap<>(TrafficKind.class);
    private final Map<String, long[]> perSlice = new TreeMap<>();
    private long clicks;
    private long conversions;
    private long robotClicks;
    private int customers;

    SimulationSummary(Map<String, Object> run) {
        this.run = new LinkedHashMap<>(run);
        for (TrafficKind kind : TrafficKind.values()) {
            perKind.put(kind, new long[2]);
        }
        for (Device device : Device.values()) {
            perSlice.put(sliceOf(device, false), new long[2]);
            perSlice.put(sliceOf(device, true), new long[2]);
        }
    }

    /** The slice name of a click: device and logged-in status, e.g. {@code mobile/logged_in}. */
    public static String sliceOf(Device device, boolean loggedIn) {
        return device.wireName() + (loggedIn ? "/logged_in" : "/anonymous");
    }

    void countClick(Click click, TrafficKind kind) {
        clicks++;
        perKind.get(kind)[0]++;
        long[] slice = perSlice.get(sliceOf(click.device(), click.loggedIn()));
        slice[0]++;
        if (kind.isRobot()) {
            robotClicks++;
            slice[1]++;
        }
    }

    void countConversion(TrafficKind kind) {
        conversions++;
        perKind.get(kind)[1]++;
    }

    void customers(int count) {
        this.customers = count;
    }

    public long clicks() {
        return clicks;
    }

    public long conversions() {
        return conversions;
    }

    public long robotClicks() {
        return robotClicks;
    }

    public int customers() {
        return customers;
    }

    public long clicksOf(TrafficKind kind) {
        return perKind.get(kind)[0];
    }

    public long conversionsOf(TrafficKind kind) {
        return perKind.get(kind)[1];
    }

    /** Clicks in a slice (see {@link #sliceOf}). */
    public long sliceClicks(String slice) {
        long[] c = perSlice.get(slice);
        return c == null ? 0 : c[0];
    }

    /** Robotic clicks in a slice. */
    public long sliceRobotClicks(String slice) {
        long[] c = perSlice.get(slice);
        return c == null ? 0 : c[1];
    }

    /** The summary as an ordered JSON-ready map (what {@code summary.json} holds). */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>(run);
        out.put("clicks", clicks);
        out.put("conversions", conversions);
        out.put("robot_clicks", robotClicks);
        out.put("robot_share", share(robotClicks, clicks));
        out.put("customers", customers);
        Map<String, Object> kinds = new LinkedHashMap<>();
        for (Map.Entry<TrafficKind, long[]> e : perKind.entrySet()) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("robot", e.getKey().isRobot());
            k.put("clicks", e.getValue()[0]);
            k.put("conversions", e.getValue()[1]);
            kinds.put(e.getKey().wireName(), k);
        }
        out.put("kinds", kinds);
        Map<String, Object> slices = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : perSlice.entrySet()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("clicks", e.getValue()[0]);
            s.put("robot_clicks", e.getValue()[1]);
            s.put("robot_share", share(e.getValue()[1], e.getValue()[0]));
            slices.put(e.getKey(), s);
        }
        out.put("slices", slices);
        return Collections.unmodifiableMap(out);
    }

    private static double share(long part, long whole) {
        // rounded so the file reads well and stays byte-identical across platforms
        return whole == 0 ? 0.0 : Math.round(part * 1e6 / whole) / 1e6;
    }
}
