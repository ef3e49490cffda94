package dev.slidr.simulator;

import dev.slidr.contract.Device;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * One source of clicks (a person, a crawler, a botnet host, a farm account, ...) with its own
 * random stream, so actors can be generated on any thread in any order and still give the same
 * traffic for a seed.
 *
 * <p>Sessions start as a Poisson process whose rate follows the actor's rhythm (drawn by thinning
 * against the rhythm's maximum); inside a session clicks follow log-normal gaps. The state between
 * calls of {@link #emitUntil} lets a session run across chunk boundaries.
 */
final class Actor {

    private static final double MS_PER_DAY = 86_400_000.0;
    private static final long MS_PER_HOUR = 3_600_000L;
    private static final long MIN_GAP_MS = 150;

    /** Everything that shapes an actor's timing and targets, fixed when the actor is made. */
    record Behaviour(
            double sessionsPerDay,
            double clicksPerSession,
            double gapMedianMs,
            double gapSigma,
            Rhythm rhythm,
            boolean continuous,
            int[] targetAds,
            double purchaseProbability) {}

    final int id;
    final TrafficKind kind;

    /** The customer id when this actor clicks logged in, else {@code null}. */
    final String userId;

    final Device device;
    final String userAgent;
    final String[] ips;

    /** The IP of each click by its click number, for an actor that rotates; else {@code null}. */
    private final LongFunction<String> ipPerClick;

    private final Behaviour behaviour;
    private final SplittableRandom rng;
    private final Traffic traffic;
    private final double sessionRatePerMs;

    private long nextTs;
    private int clicksLeftInSession;
    private int sessionSeq;
    private long clickSeq;
    private int ipSlot;

    Actor(
            int id,
            TrafficKind kind,
            String userId,
            Device device,
            String userAgent,
            List<String> ips,
            Behaviour behaviour,
            SplittableRandom rng,
            Traffic traffic) {
        this(id, kind, userId, device, userAgent, ips, null, behaviour, rng, traffic);
    }

    /** An actor that takes the IP {@code ipPerClick} gives each click number, not one of a list. */
    Actor(
            int id,
            TrafficKind kind,
            String userId,
            Device device,
            String userAgent,
            LongFunction<String> ipPerClick,
            Behaviour behaviour,
            SplittableRandom rng,
            Traffic traffic) {
        this(
                id,
                kind,
                userId,
                device,
                userAgent,
                List.of(ipPerClick.apply(0)),
                ipPerClick,
                behaviour,
                rng,
                traffic);
    }

    private Actor(
            int id,
            TrafficKind kind,
            String userId,
            Device device,
            String userAgent,
            List<String> ips,
            LongFunction<String> ipPerClick,
            Behaviour behaviour,
            SplittableRandom rng,
            Traffic traffic) {
        if (ips.isEmpty()) {
            throw new IllegalArgumentException("an actor needs at least one IP");
        }
        this.id = id;
        this.kind = kind;
        this.userId = userId;
        this.device = device;
        this.userAgent = userAgent;
        this.ips = ips.toArray(String[]::new);
        this.ipPerClick = ipPerClick;
        this.behaviour = behaviour;
        this.rng = rng;
        this.traffic = traffic;
        this.sessionRatePerMs = behaviour.sessionsPerDay() / MS_PER_DAY;
        this.nextTs = nextSessionStart(traffic.startMs());
    }

    /** The IP a click of this actor came from. */
    String ipOf(SimClick click) {
        return ipPerClick == null ? ips[click.ipSlot] : ipPerClick.apply(click.clickSeq);
    }

    boolean loggedIn() {
        return userId != null;
    }

    /** Appends this actor's clicks with event time before {@code untilMs}, in time order. */
    void emitUntil(long untilMs, List<SimClick> out) {
        while (nextTs < untilMs) {
            long ts = nextTs;
            if (clicksLeftInSession == 0) {
                sessionSeq++;
                clicksLeftInSession = sessionLength();
                ipSlot = ips.length == 1 ? 0 : rng.nextInt(ips.length);
            }
            out.add(
                    new SimClick(
                            ts,
                            this,
                            clickSeq++,
                            sessionSeq,
                            ipSlot,
                            pickAd(),
                            traffic.placement(rng, kind.isRobot()),
                            purchaseDelay()));
            clicksLeftInSession--;
            if (clicksLeftInSession > 0 || behaviour.continuous()) {
                long next = ts + gap();
                nextTs = next < traffic.endMs() ? next : Long.MAX_VALUE;
            } else {
                nextTs = nextSessionStart(ts + MIN_GAP_MS);
            }
        }
    }

    private int sessionLength() {
        double mean = behaviour.clicksPerSession();
        if (mean <= 1.0) {
            return 1;
        }
        // geometric on {1, 2, ...} with the configured mean
        double p = 1.0 / mean;
        double u = 1.0 - rng.nextDouble();
        return 1 + (int) Math.min(100_000, Math.floor(Math.log(u) / Math.log1p(-p)));
    }

    private long gap() {
        double g = behaviour.gapMedianMs() * Math.exp(behaviour.gapSigma() * rng.nextGaussian());
        return Math.max(MIN_GAP_MS, (long) g);
    }

    private int pickAd() {
        int[] targets = behaviour.targetAds();
        if (targets != null) {
            return targets[rng.nextInt(targets.length)];
        }
        return traffic.popularAd(rng);
    }

    private long purchaseDelay() {
        double p = behaviour.purchaseProbability();
        if (p <= 0 || rng.nextDouble() >= p) {
            return -1;
        }
        return traffic.purchaseDelayMs(rng);
    }

    /** The next session start at or after {@code fromMs}, or {@code Long.MAX_VALUE} if none. */
    private long nextSessionStart(long fromMs) {
        if (sessionRatePerMs <= 0) {
            return Long.MAX_VALUE;
        }
        Rhythm rhythm = behaviour.rhythm();
        double max = rhythm.max();
        if (max <= 0) {
            return Long.MAX_VALUE;
        }
        double maxRate = sessionRatePerMs * max;
        double t = fromMs;
        long start = traffic.startMs();
        long end = traffic.endMs();
        while (true) {
            t += -Math.log(1.0 - rng.nextDouble()) / maxRate;
            if (t >= end) {
                return Long.MAX_VALUE;
            }
            long ts = (long) t;
            // thinning: accept a candidate with probability rhythm(t) / max
            if (rhythm.isFlat()
                    || rng.nextDouble() * max < rhythm.at((int) ((ts - start) / MS_PER_HOUR))) {
                return ts;
            }
        }
    }
}
