package dev.slidr.contract;

import java.io.IOException;

/** Decodes a dead letter's fields. */
final class DeadLetterFields extends SeenFields implements RecordFields<DeadLetter> {
    private byte[] original;
    private long originalLength;
    private ReasonCode reason;
    private String message;
    private String sourceTopic;
    private int sourcePartition;
    private long sourceOffset;
    private long ts;

    DeadLetterFields() {
        super(
                new String[] {
                    "original",
                    "original_length",
                    "reason",
                    "message",
                    "source_topic",
                    "source_partition",
                    "source_offset",
                    "ts"
                },
                // source_topic may be absent (read as null)
                0b1110_1111L);
    }

    @Override
    public boolean read(String name, FieldCursor in) throws IOException, ContractViolation {
        switch (name) {
            case "original" -> {
                original = in.base64(name);
                mark(0);
            }
            case "original_length" -> {
                originalLength = in.integer(name, 0, Long.MAX_VALUE);
                mark(1);
            }
            case "reason" -> {
                String wire = in.string(name);
                reason =
                        ReasonCode.fromWireName(wire)
                                .orElseThrow(
                                        () ->
                                                new ContractViolation(
                                                        ReasonCode.INVALID_VALUE,
                                                        name
                                                                + " "
                                                                + FieldRules.quote(wire)
                                                                + " is not a reason code"));
                mark(2);
            }
            case "message" -> {
                message = in.text(name);
                mark(3);
            }
            case "source_topic" -> {
                sourceTopic = in.nullableIdentifier(name);
                mark(4);
            }
            case "source_partition" -> {
                sourcePartition = (int) in.integer(name, -1, Integer.MAX_VALUE);
                mark(5);
            }
            case "source_offset" -> {
                sourceOffset = in.integer(name, -1, Long.MAX_VALUE);
                mark(6);
            }
            case "ts" -> {
                ts = in.timestamp(name);
                mark(7);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public DeadLetter build() throws ContractViolation {
        requireAll();
        if (original.length > DeadLetter.MAX_ORIGINAL_BYTES) {
            throw new ContractViolation(
                    ReasonCode.FIELD_TOO_LONG,
                    "original has "
                            + original.length
                            + " bytes, more than "
                            + DeadLetter.MAX_ORIGINAL_BYTES);
        }
        return new DeadLetter(
                original,
                originalLength,
                reason,
                message,
                sourceTopic,
                sourcePartition,
                sourceOffset,
                ts);
    }
}
