package dev.slidr.replay.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The diff of a replay, accumulated click by click in bounded memory (counts only, for now). */
public final class DiffReport {

    /** The change of one slice. */
    public record SliceDiff(String slice, long clicks, long flippedToInvalid, long flippedToValid) {
        public long billableChange() {
            return flippedToValid - flippedToInvalid;
        }
    }

    /** The change of one advertiser. */
    public record AdvertiserDiff(
            String advertiserId,
            long clicks,
            long billableBefore,
            long billableAfter,
            long flippedToInvalid,
            long flippedToValid) {
        public long billableChange() {
            return billableAfter - billableBefore;
        }
    }

    private final String replayId;
    private final List<SliceDiff> slices;
    private final List<AdvertiserDiff> advertisers;

    private DiffReport(String replayId, List<SliceDiff> slices, List<AdvertiserDiff> advertisers) {
        this.replayId = replayId;
        this.slices = List.copyOf(slices);
        this.advertisers = List.copyOf(advertisers);
    }

    public static Builder builder(String replayId, String beforeLabel, String afterLabel) {
        return new Builder(replayId);
    }

    /** Accumulates pairs. */
    public static final class Builder {
        private final String replayId;
        private final Map<String, long[]> slices = new TreeMap<>();
        private final Map<String, long[]> advertisers = new TreeMap<>();

        private Builder(String replayId) {
            this.replayId = replayId;
        }

        public Builder truth(Map<String, Boolean> robotByClickId) {
            return this;
        }

        public Builder add(DecisionPair pair) {
            boolean validBefore = pair.before() == null || !pair.before().invalid();
            boolean validAfter = !pair.after().invalid();
            long toInvalid = validBefore && !validAfter ? 1 : 0;
            long toValid = !validBefore && validAfter ? 1 : 0;
            long[] s = slices.computeIfAbsent(pair.after().slice(), k -> new long[3]);
            s[0]++;
            s[1] += toInvalid;
            s[2] += toValid;
            long[] a = advertisers.computeIfAbsent(pair.advertiserId(), k -> new long[5]);
            a[0]++;
            a[1] += validBefore ? 1 : 0;
            a[2] += validAfter ? 1 : 0;
            a[3] += toInvalid;
            a[4] += toValid;
            return this;
        }

        public DiffReport build() {
            List<SliceDiff> s = new ArrayList<>();
            slices.forEach((k, v) -> s.add(new SliceDiff(k, v[0], v[1], v[2])));
            List<AdvertiserDiff> a = new ArrayList<>();
            advertisers.forEach(
                    (k, v) -> a.add(new AdvertiserDiff(k, v[0], v[1], v[2], v[3], v[4])));
            return new DiffReport(replayId, s, a);
        }
    }

    public List<SliceDiff> slices() {
        return slices;
    }

    public List<AdvertiserDiff> advertisers() {
        return advertisers;
    }

    public long flippedToInvalid() {
        return slices.stream().mapToLong(SliceDiff::flippedToInvalid).sum();
    }

    public long flippedToValid() {
        return slices.stream().mapToLong(SliceDiff::flippedToValid).sum();
    }

    public long billableChange() {
        return flippedToValid() - flippedToInvalid();
    }

    /** The terminal table. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        "%-32s %10s %10s %10s%n", "slice", "clicks", "to invalid", "to valid"));
        for (SliceDiff s : slices) {
            sb.append(
                    String.format(
                            "%-32s %10d %10d %10d%n",
                            s.slice(), s.clicks(), s.flippedToInvalid(), s.flippedToValid()));
        }
        return sb.toString();
    }

    public ObjectNode toJson() {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("replay_id", replayId);
        root.put("flipped_to_invalid", flippedToInvalid());
        root.put("flipped_to_valid", flippedToValid());
        root.put("billable_change", billableChange());
        return root;
    }

    public void writeHtml(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, "<pre>" + table() + "</pre>", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
