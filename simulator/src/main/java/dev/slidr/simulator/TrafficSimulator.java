package dev.slidr.simulator;

import dev.slidr.contract.Click;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.ParseLimits;
import dev.slidr.contract.RfmRow;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Generates synthetic click traffic with ground truth: humans (with daily and weekly rhythms,
 * sessions, purchases and RFM scores, some behind shared gateways) and five kinds of robots.
 *
 * <pre>{@code
 * TrafficSimulator simulator =
 *         new TrafficSimulator(SimulatorConfig.defaults(), 11, TrafficSimulator.DEFAULT_START, 7);
 * SimulationSummary summary = simulator.writeTo(Path.of("/tmp/sim7"), false, ProgressListener.NONE);
 * }</pre>
 *
 * <p>The same config, seed, start and days give byte-identical output, whatever the number of
 * threads: each actor draws from its own split random stream, and every hour of traffic is sorted
 * by (time, actor, actor's click number) before it is written.
 */
public final class TrafficSimulator {

    /** The default first day (a Monday), fixed so that runs are reproducible. */
    public static final LocalDate DEFAULT_START = LocalDate.of(2025, 6, 2);

    public static final int MAX_DAYS = 3_660;

    /** Days kept free before the end of the timestamp window for purchases after the last day. */
    static final int LATE_PURCHASE_DAYS = 31;

    private static final long FIRST_MS = ParseLimits.DEFAULT_MIN_TIMESTAMP.toEpochMilli();
    private static final long LAST_MS =
            ParseLimits.DEFAULT_MAX_TIMESTAMP
                    .minus(Duration.ofDays(LATE_PURCHASE_DAYS))
                    .toEpochMilli();

    private static final long CHUNK_MS = 3_600_000L;

    private final SimulatorConfig config;
    private final long seed;
    private final LocalDate start;
    private final int days;
    private final long startMs;
    private final long endMs;
    private final Traffic traffic;
    private final Population population;
    private final Ids ids;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private boolean used;

    public TrafficSimulator(SimulatorConfig config, long seed, LocalDate start, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException(
                    "days must be in [1, " + MAX_DAYS + "], was " + days);
        }
        this.config = config;
        this.seed = seed;
        this.start = start;
        this.days = days;
        ZoneId zone = ZoneId.of(config.get(SimulatorOptions.ZONE));
        this.startMs = start.atStartOfDay(zone).toInstant().toEpochMilli();
        this.endMs = start.plusDays(days).atStartOfDay(zone).toInstant().toEpochMilli();
        if (startMs < FIRST_MS || endMs > LAST_MS) {
            throw new IllegalArgumentException(
                    "the simulated days "
                            + start
                            + " .. "
                            + start.plusDays(days - 1)
                            + " must lie in ["
                            + Instant.ofEpochMilli(FIRST_MS)
                            + ", "
                            + Instant.ofEpochMilli(LAST_MS)
                            + "): the contracts' timestamp window, less "
                            + LATE_PURCHASE_DAYS
                            + " days for late purchases, so that train accepts every record");
        }
        this.traffic =
                new Traffic(
                        startMs,
                        endMs,
                        config.get(SimulatorOptions.AD_COUNT),
                        config.get(SimulatorOptions.AD_ZIPF_EXPONENT),
                        config.get(SimulatorOptions.ADS_PER_ADVERTISER),
                        config.get(SimulatorOptions.PURCHASE_DELAY_MINUTES));
        this.population = new Population(config, seed, traffic);
        this.ids = new Ids(seed);
    }

    /** Threads that generate actors (the output does not depend on it). */
    public TrafficSimulator threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        return this;
    }

    public long startMs() {
        return startMs;
    }

    public long endMs() {
        return endMs;
    }

    /** Every actor of the run, in the order they were made (their ids), for tests. */
    List<Actor> actors() {
        return Collections.unmodifiableList(population.actors);
    }

    /** The RFM table: every logged-in customer, sorted by customer id. */
    public List<RfmRow> rfmRows() {
        return population.rfmRows();
    }

    /**
     * Writes every output file to {@code dir} (which must exist): clicks, conversions, truth, RFM
     * table and {@code summary.json}.
     */
    public SimulationSummary writeTo(Path dir, boolean gzip, ProgressListener progress)
            throws IOException {
        SimulationSummary summary;
        try (FileTrafficSink sink = new FileTrafficSink(dir, gzip, true)) {
            summary = run(sink, progress);
        }
        writeSideFiles(dir, summary);
        return summary;
    }

    /** Writes {@code rfm.csv} and {@code summary.json} of a finished run to {@code dir}. */
    public void writeSideFiles(Path dir, SimulationSummary summary) throws IOException {
        OutputFiles.writeRfm(dir.resolve(OutputFiles.RFM), rfmRows());
        OutputFiles.writeJson(dir.resolve(OutputFiles.SUMMARY), summary.toMap());
    }

    /**
     * Generates the whole time range into the sink, in event-time order, tells the sink it is
     * {@link TrafficSink#complete() complete}, and returns the counts. A simulator runs once: its
     * actors keep their state.
     */
    public SimulationSummary run(TrafficSink sink, ProgressListener progress) throws IOException {
        if (used) {
            throw new IllegalStateException("a TrafficSimulator runs only once");
        }
        used = true;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("seed", seed);
        header.put("start", start.toString());
        header.put("days", days);
        header.put("zone", config.get(SimulatorOptions.ZONE));
        header.put("start_ms", startMs);
        header.put("end_ms", endMs);
        SimulationSummary summary = new SimulationSummary(header);
        summary.customers(population.rfmRows().size());

        ExecutorService pool =
                Executors.newFixedThreadPool(
                        threads,
                        r -> {
                            Thread t = new Thread(r, "simulator-actors");
                            t.setDaemon(true);
                            return t;
                        });
        BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(3);
        Generator generator = new Generator(pool, chunks);
        Thread producer = new Thread(generator, "simulator-generator");
        producer.setDaemon(true);
        producer.start();
        try {
            write(chunks, sink, summary, progress);
            sink.complete();
        } finally {
            generator.cancelled = true;
            producer.interrupt();
            pool.shutdownNow();
        }
        return summary;
    }

    private void write(
            BlockingQueue<Object> chunks,
            TrafficSink sink,
            SimulationSummary summary,
            ProgressListener progress)
            throws IOException {
        PriorityQueue<PendingConversion> pending = new PriorityQueue<>();
        String[] placements = Traffic.PLACEMENTS;
        long conversionSeq = 0;
        while (true) {
            Object next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("simulation interrupted");
            }
            if (next instanceof Throwable) {
                throw new IllegalStateException(
                        "traffic generation failed: " + next, (Throwable) next);
            }
            if (next == Generator.END) {
                break;
            }
            Chunk chunk = (Chunk) next;
            for (SimClick c : chunk.clicks) {
                while (!pending.isEmpty() && pending.peek().ts <= c.ts) {
                    emit(pending.poll(), sink, summary);
                }
                Actor actor = c.actor;
                Click click =
                        new Click(
                                ids.clickId(actor.id, c.clickSeq),
                                c.ts,
                                actor.userId,
                                ids.sessionId(actor.id, c.sessionSeq),
                                actor.ipOf(c),
                                actor.userAgent,
                                actor.device,
                                actor.loggedIn(),
                                "ad-" + c.ad,
                                "adv-" + traffic.advertiserOf(c.ad),
                                placements[c.placement]);
                sink.click(click, actor.kind);
                summary.countClick(click, actor.kind);
                if (c.purchaseDelayMs >= 0) {
                    pending.add(
                            new PendingConversion(
                                    c.ts + c.purchaseDelayMs,
                                    conversionSeq++,
                                    click.clickId(),
                                    actor.kind));
                }
            }
            progress.onProgress(
                    (double) (chunk.untilMs - startMs) / (endMs - startMs),
                    chunk.untilMs,
                    summary.clicks(),
                    summary.conversions());
        }
        while (!pending.isEmpty()) {
            emit(pending.poll(), sink, summary);
        }
    }

    private static void emit(PendingConversion p, TrafficSink sink, SimulationSummary summary)
            throws IOException {
        sink.conversion(new Conversion(p.clickId, p.ts, Conversion.Kind.PURCHASE));
        summary.countConversion(p.kind);
    }

    /** One hour of traffic, sorted in event-time order. */
    private static final class Chunk {
        final long untilMs;
        final List<SimClick> clicks;

        Chunk(long untilMs, List<SimClick> clicks) {
            this.untilMs = untilMs;
            this.clicks = clicks;
        }
    }

    /** A purchase waiting for its event time to come up in the output. */
    private static final class PendingConversion implements Comparable<PendingConversion> {
        final long ts;
        final long seq;
        final String clickId;
        final TrafficKind kind;

        PendingConversion(long ts, long seq, String clickId, TrafficKind kind) {
            this.ts = ts;
            this.seq = seq;
            this.clickId = clickId;
            this.kind = kind;
        }

        @Override
        public int compareTo(PendingConversion o) {
            int c = Long.compare(ts, o.ts);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /**
     * Generates hour after hour ahead of the writer (a bounded queue keeps it at most a few hours
     * ahead), each hour's actors split into blocks that run on the pool.
     */
    private final class Generator implements Runnable {
        static final Object END = new Object();

        private final ExecutorService pool;
        private final BlockingQueue<Object> out;
        volatile boolean cancelled;

        Generator(ExecutorService pool, BlockingQueue<Object> out) {
            this.pool = pool;
            this.out = out;
        }

        @Override
        public void run() {
            try {
                List<Actor> actors = population.actors;
                int blocks = Math.max(1, Math.min(actors.size(), threads * 4));
                for (long from = startMs; from < endMs && !cancelled; from += CHUNK_MS) {
                    long until = Math.min(from + CHUNK_MS, endMs);
                    List<Callable<List<SimClick>>> tasks = new ArrayList<>(blocks);
                    for (int b = 0; b < blocks; b++) {
                        int lo = (int) ((long) actors.size() * b / blocks);
                        int hi = (int) ((long) actors.size() * (b + 1) / blocks);
                        tasks.add(
                                () -> {
                                    List<SimClick> part = new ArrayList<>();
                                    for (int i = lo; i < hi; i++) {
                                        actors.get(i).emitUntil(until, part);
                                    }
                                    return part;
                                });
                    }
                    List<SimClick> merged = new ArrayList<>();
                    for (Future<List<SimClick>> part : pool.invokeAll(tasks)) {
                        merged.addAll(part.get());
                    }
                    merged.sort(SimClick::compare);
                    put(new Chunk(until, merged));
                }
                put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                offerFailure(e.getCause());
            } catch (RuntimeException | Error e) {
                offerFailure(e);
            }
        }

        private void put(Object item) throws InterruptedException {
            while (!out.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    throw new InterruptedException("writer stopped");
                }
            }
        }

        private void offerFailure(Throwable t) {
            try {
                put(t);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
