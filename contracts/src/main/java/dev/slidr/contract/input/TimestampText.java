package dev.slidr.contract.input;

import dev.slidr.contract.ContractViolation;
import dev.slidr.contract.FieldRules;
import dev.slidr.contract.ReasonCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/** Reads timestamps written as text in the formats a CSV mapping can name, as epoch millis. */
final class TimestampText {

    /** Longer text is no timestamp in any supported format; refusing it bounds parsing work. */
    private static final int MAX_LENGTH = 64;

    private TimestampText() {}

    static long parse(
            String field,
            String text,
            CsvMapping.TimestampFormat format,
            DateTimeFormatter pattern,
            ZoneId zone)
            throws ContractViolation {
        if (text == null) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
        }
        if (text.length() > MAX_LENGTH) {
            throw notA(field, text, format);
        }
        try {
            return switch (format) {
                case EPOCH_MILLIS -> epochMillis(field, text);
                case EPOCH_SECONDS -> epochSeconds(field, text);
                case ISO_8601 ->
                        toMillis(
                                DateTimeFormatter.ISO_DATE_TIME.parseBest(
                                        text, ZonedDateTime::from, LocalDateTime::from),
                                zone);
                case PATTERN ->
                        toMillis(
                                pattern.parseBest(
                                        text,
                                        ZonedDateTime::from,
                                        LocalDateTime::from,
                                        LocalDate::from),
                                zone);
            };
        } catch (ArithmeticException e) {
            throw new ContractViolation(
                    ReasonCode.TIMESTAMP_OUT_OF_RANGE,
                    field + " " + FieldRules.quote(text) + " does not fit epoch millis");
        } catch (DateTimeException e) {
            throw notA(field, text, format);
        }
    }

    private static ContractViolation notA(
            String field, String text, CsvMapping.TimestampFormat format) {
        return new ContractViolation(
                ReasonCode.WRONG_TYPE,
                field + " " + FieldRules.quote(text) + " is not a " + format.wireName() + " time");
    }

    /**
     * Digits with an optional minus sign. Hand-checked rather than {@link Long#parseLong}, which
     * also takes a plus sign and non-ASCII digits.
     */
    private static boolean integer(String text, int from, int to) {
        if (from < to && text.charAt(from) == '-') {
            from++;
        }
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static long epochMillis(String field, String text) throws ContractViolation {
        if (!integer(text, 0, text.length())) {
            throw notA(field, text, CsvMapping.TimestampFormat.EPOCH_MILLIS);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ArithmeticException("overflow");
        }
    }

    private static long epochSeconds(String field, String text) throws ContractViolation {
        int dot = text.indexOf('.');
        boolean ok =
                dot < 0
                        ? integer(text, 0, text.length())
                        : integer(text, 0, dot)
                                && dot + 1 < text.length()
                                && text.charAt(dot + 1) != '-'
                                && integer(text, dot + 1, text.length());
        if (!ok) {
            throw notA(field, text, CsvMapping.TimestampFormat.EPOCH_SECONDS);
        }
        return new BigDecimal(text)
                .movePointRight(3)
                .setScale(0, RoundingMode.FLOOR)
                .longValueExact();
    }

    private static long toMillis(TemporalAccessor parsed, ZoneId zone) {
        if (parsed instanceof ZonedDateTime zoned) {
            return zoned.toInstant().toEpochMilli();
        }
        if (parsed instanceof LocalDateTime local) {
            return local.atZone(zone).toInstant().toEpochMilli();
        }
        return ((LocalDate) parsed).atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
