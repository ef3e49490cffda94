package dev.slidr.simulator;

/**
 * A generated click before it becomes a contract {@code Click}: compact, so that a whole chunk of
 * traffic can be sorted cheaply; ids and strings are made only when it is written.
 */
final class SimClick {
    final long ts;
    final Actor actor;
    final long clickSeq;
    final int sessionSeq;
    final int ipSlot;
    final int ad;
    final int placement;

    /** Milliseconds from the click to its purchase, or -1 when it leads to none. */
    final long purchaseDelayMs;

    SimClick(
            long ts,
            Actor actor,
            long clickSeq,
            int sessionSeq,
            int ipSlot,
            int ad,
            int placement,
            long purchaseDelayMs) {
        this.ts = ts;
        this.actor = actor;
        this.clickSeq = clickSeq;
        this.sessionSeq = sessionSeq;
        this.ipSlot = ipSlot;
        this.ad = ad;
        this.placement = placement;
        this.purchaseDelayMs = purchaseDelayMs;
    }

    /** Event-time order; ties broken by actor and the actor's own click order (deterministic). */
    static int compare(SimClick a, SimClick b) {
        int c = Long.compare(a.ts, b.ts);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.actor.id, b.actor.id);
        return c != 0 ? c : Long.compare(a.clickSeq, b.clickSeq);
    }
}
