package dev.slidr.bench.run;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder recording of this process (the broker, the MiniCluster and the bench all
 * run in it) and its summary: the share of execution samples per top frame, per package of the top
 * frame and per thread, for threads running Java code and, apart, for threads inside native code
 * (RocksDB and ONNX Runtime are JNI calls), leaving out threads that wait in native code (socket
 * polls, parking).
 *
 * <pre>{@code
 * FlightProfile profile = FlightProfile.start(Path.of("/tmp/bench.jfr"));
 * ... measured work ...
 * FlightProfile.Summary summary = profile.stop();
 * }</pre>
 */
final class FlightProfile {

    /** One line of a table: a name and its share of the samples. */
    record Share(String name, long samples, double share) {}

    /** Tables of the summary, the largest first. */
    record Summary(
            Path file,
            long javaSamples,
            long nativeSamples,
            List<Share> topFrames,
            List<Share> topPackages,
            List<Share> topThreads,
            List<Share> topNativeFrames,
            List<Share> threadCpu,
            double jvmCpu,
            double machineCpu) {}

    private static final int TOP = 15;

    // native frames of threads that are waiting, not working
    private static final Pattern IDLE_NATIVE =
            Pattern.compile(
                    "^(sun\\.nio\\.ch\\.|java\\.net\\.|jdk\\.internal\\.misc\\.Unsafe\\.park"
                            + "|java\\.lang\\.Object\\.wait|java\\.lang\\.Thread\\.sleep"
                            + "|java\\.lang\\.ProcessHandleImpl|java\\.io\\.FileInputStream\\.read"
                            + "|sun\\.nio\\.fs\\.LinuxWatchService)");

    // thread names differ by counters and ids: "Kafka-producer-network-thread | 12" → one name
    private static final Pattern THREAD_NUMBERS = Pattern.compile("[0-9a-f]{6,}|\\d+");

    private final Recording recording;
    private final Path file;

    private FlightProfile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /**
     * Starts and closes an empty recording, so that the recorder is set up before any job runs. A
     * first recording started in a JVM that has run a while cost the throughput part's first round
     * three times its CPU (docs/benchmarks.md, "Live job end to end"); one started at launch did
     * not.
     */
    static void initializeRecorder() {
        try (Recording empty = new Recording()) {
            empty.setName("slidr-bench-setup");
            empty.start();
            empty.stop();
        }
    }

    /** Starts recording with the JDK's {@code profile} settings (execution samples every 10 ms). */
    static FlightProfile start(Path file) throws IOException, ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setName("slidr-bench");
        recording.setToDisk(true);
        recording.start();
        return new FlightProfile(recording, file);
    }

    /** Stops, writes the recording to its file and summarizes it. */
    Summary stop() throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
        return summarize(file);
    }

    /** The tables of a recording file. */
    static Summary summarize(Path file) throws IOException {
        Map<String, Long> frames = new HashMap<>();
        Map<String, Long> packages = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> nativeFrames = new HashMap<>();
        Map<String, double[]> cpu = new HashMap<>();
        double[] load = new double[3];
        long java = 0;
        long nativeCount = 0;
        try (RecordingFile recordingFile = new RecordingFile(file)) {
            while (recordingFile.hasMoreEvents()) {
                RecordedEvent event = recordingFile.readEvent();
                String type = event.getEventType().getName();
                if (type.equals("jdk.CPULoad")) {
                    load[0] += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    load[1] += event.getFloat("machineTotal");
                    load[2]++;
                    continue;
                }
                if (type.equals("jdk.ThreadCPULoad")) {
                    var thread = event.getThread("eventThread");
                    if (thread == null || thread.getJavaName() == null) {
                        // JVM-internal threads: their first readings are not meaningful
                        continue;
                    }
                    String raw = thread.getJavaName();
                    double[] sum = cpu.computeIfAbsent(raw, k -> new double[2]);
                    sum[0] += event.getFloat("user") + event.getFloat("system");
                    sum[1]++;
                    continue;
                }
                boolean javaSample = type.equals("jdk.ExecutionSample");
                if (!javaSample && !type.equals("jdk.NativeMethodSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                RecordedFrame top = stack.getFrames().get(0);
                String method = method(top);
                if (javaSample) {
                    java++;
                    frames.merge(method, 1L, Long::sum);
                    packages.merge(packageOf(top), 1L, Long::sum);
                    threads.merge(threadName(event, "sampledThread"), 1L, Long::sum);
                } else if (!IDLE_NATIVE.matcher(method).find()) {
                    nativeCount++;
                    nativeFrames.merge(method, 1L, Long::sum);
                }
            }
        }
        return new Summary(
                file,
                java,
                nativeCount,
                top(frames, java),
                top(packages, java),
                top(threads, java),
                top(nativeFrames, nativeCount),
                threadCpu(cpu),
                load[2] == 0 ? 0 : load[0] / load[2],
                load[2] == 0 ? 0 : load[1] / load[2]);
    }

    /**
     * Mean CPU load per thread name (threads of one name summed), as a share of the whole machine;
     * {@code samples} is the number of CPU-load events seen.
     */
    private static List<Share> threadCpu(Map<String, double[]> cpu) {
        // the mean load of each thread, summed over the threads of one normalized name
        Map<String, double[]> byName = new HashMap<>();
        cpu.forEach(
                (raw, sum) -> {
                    double[] total =
                            byName.computeIfAbsent(
                                    THREAD_NUMBERS.matcher(raw).replaceAll("#"),
                                    k -> new double[2]);
                    total[0] += sum[0] / Math.max(1, sum[1]);
                    total[1] += sum[1];
                });
        List<Share> shares = new ArrayList<>();
        byName.entrySet().stream()
                .map(e -> new Share(e.getKey(), (long) e.getValue()[1], e.getValue()[0]))
                .sorted((a, b) -> Double.compare(b.share(), a.share()))
                .limit(TOP)
                .forEach(shares::add);
        return shares;
    }

    private static String method(RecordedFrame frame) {
        var m = frame.getMethod();
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    private static String packageOf(RecordedFrame frame) {
        var m = frame.getMethod();
        if (m == null) {
            return "?";
        }
        String type = m.getType().getName();
        int dot = type.lastIndexOf('.');
        return dot < 0 ? "(default)" : type.substring(0, dot);
    }

    private static String threadName(RecordedEvent event, String field) {
        var thread = event.getThread(field);
        String name = thread == null ? null : thread.getJavaName();
        return name == null ? "?" : THREAD_NUMBERS.matcher(name).replaceAll("#");
    }

    private static List<Share> top(Map<String, Long> counts, long total) {
        List<Share> shares = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(TOP)
                .forEach(
                        e ->
                                shares.add(
                                        new Share(
                                                e.getKey(),
                                                e.getValue(),
                                                total == 0 ? 0 : (double) e.getValue() / total)));
        return shares;
    }

    /** The summary as JSON-ready maps. */
    static Map<String, Object> toJson(Summary s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", s.file().toString());
        json.put("jvm_cpu", Math.round(s.jvmCpu() * 1000) / 1000.0);
        json.put("machine_cpu", Math.round(s.machineCpu() * 1000) / 1000.0);
        json.put("java_samples", s.javaSamples());
        json.put("native_samples", s.nativeSamples());
        json.put("top_frames", shares(s.topFrames()));
        json.put("top_packages", shares(s.topPackages()));
        json.put("top_threads", shares(s.topThreads()));
        json.put("top_native_frames", shares(s.topNativeFrames()));
        json.put("thread_cpu", shares(s.threadCpu()));
        return json;
    }

    private static List<Map<String, Object>> shares(List<Share> shares) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Share share : shares) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", share.name());
            m.put("samples", share.samples());
            m.put("share", Math.round(share.share() * 10_000) / 10_000.0);
            out.add(m);
        }
        return out;
    }
}
