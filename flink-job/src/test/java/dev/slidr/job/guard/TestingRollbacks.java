package dev.slidr.job.guard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link RollbackAction} that records each rollback it is handed; it can refuse the target, or
 * fail a number of times first as an unreachable registry would. Its record is static, since the
 * operator under test holds a serialized copy of the action.
 */
final class TestingRollbacks implements RollbackAction {

    private static final long serialVersionUID = 1L;

    private static final List<AutoRollback> DONE = Collections.synchronizedList(new ArrayList<>());
    private static int failuresLeft;

    private final boolean refuse;

    private TestingRollbacks(boolean refuse) {
        this.refuse = refuse;
    }

    /** Does every rollback. */
    static TestingRollbacks accepting() {
        return new TestingRollbacks(false);
    }

    /** Refuses every target, as a bundle that fails verification. */
    static TestingRollbacks refusing() {
        return new TestingRollbacks(true);
    }

    /** The next {@code n} calls fail as an unreachable registry would. */
    static void failNext(int n) {
        failuresLeft = n;
    }

    static List<AutoRollback> done() {
        return List.copyOf(DONE);
    }

    static void clear() {
        DONE.clear();
        failuresLeft = 0;
    }

    @Override
    public void rollBack(AutoRollback rollback) throws Exception {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new java.io.IOException("the registry cannot be reached");
        }
        if (refuse) {
            throw new RollbackRefusedException("model " + rollback.to() + " does not verify", null);
        }
        DONE.add(rollback);
    }
}
