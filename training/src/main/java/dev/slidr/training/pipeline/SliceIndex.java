package dev.slidr.training.pipeline;

import dev.slidr.contract.Device;
import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slices;
import dev.slidr.rules.slice.Slicing;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The slices of one {@link Slicing}, numbered for per-slice arrays: a slice's id is its position in
 * {@link Slicing#slices()}. The row file stores each click's device × login cell ({@link
 * Slices#id}); {@link #ofCell} maps a cell to the slice that holds it, since every scheme is a
 * coarsening of device × login.
 *
 * <pre>{@code
 * SliceIndex slices = SliceIndex.of(Slicing.DEVICE);
 * double[] threshold = new double[slices.size()];
 * threshold[slices.id(click.device(), click.loggedIn())] = ...;
 * }</pre>
 */
public final class SliceIndex {

    private static final Map<Slicing, SliceIndex> ALL = new EnumMap<>(Slicing.class);

    static {
        for (Slicing s : Slicing.values()) {
            ALL.put(s, new SliceIndex(s));
        }
    }

    /** Device × logged-in: the scheme of the row file's cells, and the default. */
    public static final SliceIndex DEVICE_AND_LOGIN = of(Slicing.DEVICE_AND_LOGIN);

    private final Slicing slicing;
    private final List<String> names;
    private final int[] ofCell;

    private SliceIndex(Slicing slicing) {
        this.slicing = slicing;
        this.names = slicing.slices().stream().map(Slice::name).toList();
        this.ofCell = new int[Slices.NAMES.size()];
        for (Device device : Device.values()) {
            for (boolean loggedIn : new boolean[] {true, false}) {
                ofCell[Slices.id(device, loggedIn)] = id(device, loggedIn);
            }
        }
    }

    /** The index of {@code slicing}'s slices. */
    public static SliceIndex of(Slicing slicing) {
        return ALL.get(java.util.Objects.requireNonNull(slicing, "slicing"));
    }

    /** The scheme. */
    public Slicing slicing() {
        return slicing;
    }

    /** The scheme as {@code calibration.json} and {@code --slicing} name it: {@code device}. */
    public String schemeName() {
        return slicing.name().toLowerCase(Locale.ROOT);
    }

    /** Slice names in id order. */
    public List<String> names() {
        return names;
    }

    /** How many slices the scheme has. */
    public int size() {
        return names.size();
    }

    /** The name of slice {@code id}. */
    public String name(int id) {
        return names.get(id);
    }

    /** The id of the slice of a device class and login state. */
    public int id(Device device, boolean loggedIn) {
        return names.indexOf(slicing.sliceOf(device, loggedIn).name());
    }

    /** The id of the slice holding device × login cell {@code cell} ({@link Slices#id}). */
    public int ofCell(int cell) {
        return ofCell[cell];
    }

    /** Counts by cell ({@code [part][cell]}) summed by slice ({@code [part][slice]}). */
    long[][] ofCells(long[][] byCell) {
        long[][] out = new long[byCell.length][size()];
        for (int p = 0; p < byCell.length; p++) {
            for (int c = 0; c < byCell[p].length; c++) {
                out[p][ofCell(c)] += byCell[p][c];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return schemeName();
    }
}
