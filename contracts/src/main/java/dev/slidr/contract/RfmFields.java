package dev.slidr.contract;

import java.io.IOException;

/** Decodes an RFM row's fields. */
final class RfmFields extends SeenFields implements RecordFields<RfmRow> {
    private String customerId;
    private int recency;
    private int frequency;
    private int monetary;

    RfmFields() {
        super(new String[] {"customer_id", "recency", "frequency", "monetary"}, 0b1111L);
    }

    @Override
    public boolean read(String name, FieldCursor in) throws IOException, ContractViolation {
        switch (name) {
            case "customer_id" -> {
                customerId = in.identifier(name);
                mark(0);
            }
            case "recency" -> {
                recency = (int) in.integer(name, 1, 5);
                mark(1);
            }
            case "frequency" -> {
                frequency = (int) in.integer(name, 1, 5);
                mark(2);
            }
            case "monetary" -> {
                monetary = (int) in.integer(name, 1, 5);
                mark(3);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public RfmRow build() throws ContractViolation {
        requireAll();
        return new RfmRow(customerId, recency, frequency, monetary);
    }
}
