package dev.slidr.contract;

/** Seen-field bookkeeping shared by the record decoders: one bit per field, in schema order. */
abstract class SeenFields {
    private final String[] names;
    private final long required;
    private long seen;

    SeenFields(String[] names, long required) {
        this.names = names;
        this.required = required;
    }

    void mark(int index) {
        seen |= 1L << index;
    }

    void requireAll() throws ContractViolation {
        long absent = required & ~seen;
        if (absent != 0) {
            throw new ContractViolation(
                    ReasonCode.MISSING_FIELD,
                    "missing required field " + names[Long.numberOfTrailingZeros(absent)]);
        }
    }
}
