package dev.slidr.contract;

import java.io.IOException;

/** Decodes a conversion record's fields. */
final class ConversionFields extends SeenFields implements RecordFields<Conversion> {
    private String clickId;
    private long ts;
    private Conversion.Kind kind;

    ConversionFields() {
        super(new String[] {"click_id", "ts", "kind"}, 0b111L);
    }

    @Override
    public boolean read(String name, FieldCursor in) throws IOException, ContractViolation {
        switch (name) {
            case "click_id" -> {
                clickId = in.identifier(name);
                mark(0);
            }
            case "ts" -> {
                ts = in.timestamp(name);
                mark(1);
            }
            case "kind" -> {
                kind = conversionKind(name, in.string(name));
                mark(2);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public Conversion build() throws ContractViolation {
        requireAll();
        return new Conversion(clickId, ts, kind);
    }

    /** The conversion kind by its wire name ({@code purchase}). */
    private static Conversion.Kind conversionKind(String field, String value)
            throws ContractViolation {
        return Conversion.Kind.fromWireName(value)
                .orElseThrow(
                        () ->
                                new ContractViolation(
                                        ReasonCode.INVALID_VALUE,
                                        field
                                                + " "
                                                + FieldRules.quote(value)
                                                + " is not a conversion kind (purchase)"));
    }
}
