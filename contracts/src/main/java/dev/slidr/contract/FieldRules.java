package dev.slidr.contract;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.time.Instant;
import java.util.Objects;

/**
 * The checks on single field values that every decoder shares (JSON contract and CSV adapters), so
 * that a click is held to the same rules whatever shape it arrived in.
 */
public final class FieldRules {

    /**
     * Only single host addresses in their usual text forms: no prefixes, masks, ranges, wildcards,
     * zones, inet_aton shorthands or leading zeros (which some stacks read as octal).
     */
    private static final IPAddressStringParameters IP_PARAMETERS =
            new IPAddressStringParameters.Builder()
                    .allowEmpty(false)
                    .allowAll(false)
                    .allowSingleSegment(false)
                    .allowPrefix(false)
                    .allowMask(false)
                    .allowPrefixOnly(false)
                    .allowWildcardedSeparator(false)
                    .setRangeOptions(RangeParameters.NO_RANGE)
                    .allow_inet_aton(false)
                    .getIPv4AddressParametersBuilder()
                    .allowLeadingZeros(false)
                    .allowBinary(false)
                    .getParentBuilder()
                    .getIPv6AddressParametersBuilder()
                    .allowZone(false)
                    .allowEmptyZone(false)
                    .allowBase85(false)
                    .allowBinary(false)
                    .allowLeadingZeros(true)
                    .getParentBuilder()
                    .toParams();

    /** The longest text quoted back in a rejection message; keeps messages log-safe. */
    private static final int QUOTE_LIMIT = 64;

    private final ParseLimits limits;
    private final boolean checkCharacters;

    public FieldRules(ParseLimits limits) {
        this(limits, true);
    }

    private FieldRules(ParseLimits limits, boolean checkCharacters) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.checkCharacters = checkCharacters;
    }

    /**
     * These rules for the fields of a record whose bytes are {@link RecordBytes#PLAIN}: such a
     * record's strings cannot hold a hostile character, so the per-field scan for one is left out.
     * Every other rule is the same.
     */
    FieldRules forPlainRecord() {
        return new FieldRules(limits, false);
    }

    public ParseLimits limits() {
        return limits;
    }

    /** A required, non-empty identifier no longer than the id limit, with no hostile chars. */
    public String identifier(String field, String value) throws ContractViolation {
        if (value == null) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
        }
        if (value.isEmpty()) {
            throw new ContractViolation(ReasonCode.INVALID_VALUE, field + " must not be empty");
        }
        return checked(field, value, limits.maxIdLength());
    }

    /** Free text (may be empty) no longer than the text limit, with no hostile chars. */
    public String text(String field, String value) throws ContractViolation {
        if (value == null) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
        }
        return checked(field, value, limits.maxTextLength());
    }

    private String checked(String field, String value, int maxLength) throws ContractViolation {
        if (value.length() > maxLength) {
            throw new ContractViolation(
                    ReasonCode.FIELD_TOO_LONG,
                    field + " has " + value.length() + " chars, more than the limit " + maxLength);
        }
        int bad = checkCharacters ? firstHostileChar(value) : -1;
        if (bad >= 0) {
            throw new ContractViolation(
                    ReasonCode.INVALID_CHARACTER,
                    String.format(
                            "%s has a forbidden character U+%04X at index %d",
                            field, (int) value.charAt(bad), bad));
        }
        return value;
    }

    /**
     * Index of the first control character (C0, DEL, C1), bidirectional control (which can make
     * logs and dashboards display text other than what is stored) or unpaired surrogate; -1 if
     * none. Hand-written: a single pass over the chars is cheaper than a regex on the click path.
     * Printable ASCII, nearly every char of a click, takes one range check before the next char.
     */
    static int firstHostileChar(String s) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                continue;
            }
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return i;
            }
            if (c == 0x061C
                    || c == 0x200E
                    || c == 0x200F
                    || (c >= 0x202A && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069)) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** A timestamp (epoch millis) inside the plausible window and the relative bounds. */
    public long timestamp(String field, long millis) throws ContractViolation {
        if (millis < limits.minTimestamp() || millis >= limits.maxTimestamp()) {
            throw new ContractViolation(
                    ReasonCode.TIMESTAMP_OUT_OF_RANGE,
                    field
                            + " "
                            + millis
                            + " is outside ["
                            + Instant.ofEpochMilli(limits.minTimestamp())
                            + ", "
                            + Instant.ofEpochMilli(limits.maxTimestamp())
                            + ")");
        }
        if (limits.maxFutureSkew() != null || limits.maxAge() != null) {
            long now = limits.clock().millis();
            if (limits.maxFutureSkew() != null
                    && millis - now > limits.maxFutureSkew().toMillis()) {
                throw new ContractViolation(
                        ReasonCode.TIMESTAMP_OUT_OF_RANGE,
                        field
                                + " "
                                + Instant.ofEpochMilli(millis)
                                + " is more than "
                                + limits.maxFutureSkew()
                                + " in the future");
            }
            if (limits.maxAge() != null && now - millis > limits.maxAge().toMillis()) {
                throw new ContractViolation(
                        ReasonCode.TIMESTAMP_OUT_OF_RANGE,
                        field
                                + " "
                                + Instant.ofEpochMilli(millis)
                                + " is older than "
                                + limits.maxAge());
            }
        }
        return millis;
    }

    /**
     * A single IPv4 or IPv6 host address, returned in canonical form (IPv6 compressed and
     * lower-case per RFC 5952; IPv4-mapped IPv6 as plain IPv4), so one host has one key.
     */
    public String ip(String field, String value) throws ContractViolation {
        if (value == null) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
        }
        if (value.length() > 45 || !ipChars(value)) {
            // 45 chars: the longest IPv6 text form (with an embedded IPv4 address)
            throw new ContractViolation(
                    ReasonCode.INVALID_IP,
                    field
                            + " "
                            + quote(value)
                            + " is not an IP address (only hex digits, '.' and ':' allowed)");
        }
        if (isCanonicalIpv4(value)) {
            return value;
        }
        return ipViaLibrary(field, value);
    }

    /**
     * Plain dotted-quad IPv4 without leading zeros: valid and already canonical ({@link
     * #canonicalIpv4}).
     */
    static boolean isCanonicalIpv4(String s) {
        return canonicalIpv4(s) >= 0;
    }

    /**
     * The 32-bit address of a plain dotted-quad IPv4 text without leading zeros (valid and already
     * canonical), as a non-negative long; -1 for any other text. Hand-written fast path for the
     * commonest case, as the general parser costs about a microsecond per click; a property test
     * holds it to the library's answer.
     */
    public static long canonicalIpv4(String s) {
        int n = s.length();
        if (n < 7 || n > 15) {
            return -1;
        }
        long address = 0;
        int parts = 0;
        int i = 0;
        while (i < n) {
            int start = i;
            int octet = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            int digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            address = (address << 8) | octet;
            parts++;
            if (i < n) {
                if (s.charAt(i) != '.' || parts == 4) {
                    return -1;
                }
                i++;
                if (i == n) {
                    return -1;
                }
            }
        }
        return parts == 4 ? address : -1;
    }

    /** The general path: any text form the IP parameters allow, through the library. */
    static String ipViaLibrary(String field, String value) throws ContractViolation {
        IPAddress address;
        try {
            address = new IPAddressString(value, IP_PARAMETERS).toAddress();
        } catch (AddressStringException e) {
            throw new ContractViolation(
                    ReasonCode.INVALID_IP,
                    field + " " + quote(value) + " is not an IP address: " + e.getMessage());
        }
        if (address.isMultiple() || address.isPrefixed()) {
            throw new ContractViolation(
                    ReasonCode.INVALID_IP, field + " " + quote(value) + " is not a single host");
        }
        if (address.isIPv6() && address.toIPv6().isIPv4Mapped()) {
            return address.toIPv6().getEmbeddedIPv4Address().toCanonicalString();
        }
        return address.toCanonicalString();
    }

    /**
     * Only the characters of plain IPv4 and IPv6 text: the parser alone would trim whitespace and
     * read zones, prefixes, ranges and wildcards.
     */
    private static boolean ipChars(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= '0' && c <= '9')
                            || (c >= 'a' && c <= 'f')
                            || (c >= 'A' && c <= 'F')
                            || c == '.'
                            || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A device class by its wire name. */
    public Device device(String field, String value) throws ContractViolation {
        if (value == null) {
            throw new ContractViolation(ReasonCode.NULL_FIELD, field + " must not be null");
        }
        return Device.fromWireName(value)
                .orElseThrow(
                        () ->
                                new ContractViolation(
                                        ReasonCode.INVALID_DEVICE,
                                        field
                                                + " "
                                                + quote(value)
                                                + " is not one of desktop, mobile, app, other"));
    }

    /**
     * The text with every char outside printable ASCII escaped as {@code \\u} and four hex digits,
     * cut to 300 chars: for messages that may carry input, such as a JSON parser's.
     */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 300) + 8);
        int n = Math.min(text.length(), 300);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (text.length() > n) {
            out.append("...");
        }
        return out.toString();
    }

    /**
     * The value as a short, log-safe quotation: at most {@value #QUOTE_LIMIT} chars, with every
     * non-printable or non-ASCII char escaped, so hostile input never reaches a log verbatim.
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), QUOTE_LIMIT) + 8);
        out.append('"');
        int n = Math.min(value.length(), QUOTE_LIMIT);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        if (value.length() > QUOTE_LIMIT) {
            out.append("... (").append(value.length()).append(" chars)");
        }
        return out.toString();
    }
}
