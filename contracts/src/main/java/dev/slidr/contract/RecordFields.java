package dev.slidr.contract;

import java.io.IOException;

/** The fields of one record type, collected while streaming over its object. */
interface RecordFields<T> {
    /** Reads the current value of a known field; false for a field this record ignores. */
    boolean read(String name, FieldCursor in) throws IOException, ContractViolation;

    T build() throws ContractViolation;
}
