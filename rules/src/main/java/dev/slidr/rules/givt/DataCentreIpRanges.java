package dev.slidr.rules.givt;

import inet.ipaddr.AddressStringParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressTrie;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-centre (hosting, cloud) IP ranges, held in IPv4 and IPv6 address tries for lookups in
 * time proportional to the address length.
 *
 * <p>The list format is one CIDR block per line ({@code 192.0.2.0/24}, {@code 2001:db8::/32}; a
 * bare address means one address), {@code #} starts a comment, blank lines are skipped. A block
 * with host bits set ({@code 10.1.0.0/8}) is refused as the likely typo it is. Every malformed line
 * is reported with its line number.
 *
 * <pre>{@code
 * DataCentreIpRanges ranges = DataCentreIpRanges.parse(List.of("203.0.113.0/24"));
 * boolean hosted = ranges.contains(ClientIp.parse("203.0.113.9"));
 * }</pre>
 */
public final class DataCentreIpRanges {

    /** The bundled sample list of well-known cloud ranges (a sample, not a complete list). */
    public static final String SAMPLE_RESOURCE = "givt/data-centre-ranges-sample.txt";

    /** Longest accepted line; a longer one is not a CIDR block. */
    static final int MAX_LINE_LENGTH = 256;

    private static final IPAddressStringParameters CIDR =
            new IPAddressStringParameters.Builder()
                    .allowEmpty(false)
                    .allowAll(false)
                    .allowMask(false)
                    .allowSingleSegment(false)
                    .setRangeOptions(AddressStringParameters.RangeParameters.NO_RANGE)
                    .allow_inet_aton(false)
                    .toParams();

    private final IPv4AddressTrie v4 = new IPv4AddressTrie();
    private final IPv6AddressTrie v6 = new IPv6AddressTrie();
    private final List<String> blocks;

    private DataCentreIpRanges(List<IPAddress> blocks) {
        List<String> texts = new ArrayList<>(blocks.size());
        for (IPAddress block : blocks) {
            if (block.isIPv4()) {
                v4.add(block.toIPv4());
            } else {
                v6.add(block.toIPv6());
            }
            texts.add(block.toCanonicalString());
        }
        this.blocks = List.copyOf(texts);
    }

    /** No ranges: the data-centre check never matches. */
    public static DataCentreIpRanges empty() {
        return new DataCentreIpRanges(List.of());
    }

    /**
     * Builds the tries from already validated canonical blocks (as {@link #blocks()} returns).
     *
     * @throws CidrListException when a block is malformed
     */
    public static DataCentreIpRanges of(List<String> canonicalBlocks) {
        return parse("blocks", canonicalBlocks);
    }

    /** Parses list lines (comments and blanks allowed), naming {@code source} in errors. */
    public static DataCentreIpRanges parse(String source, List<String> lines) {
        List<IPAddress> blocks = new ArrayList<>();
        int number = 0;
        for (String line : lines) {
            number++;
            IPAddress block = parseLine(source, number, line);
            if (block != null) {
                blocks.add(block);
            }
        }
        return new DataCentreIpRanges(blocks);
    }

    /** Parses list lines naming them "lines" in errors. */
    public static DataCentreIpRanges parse(List<String> lines) {
        return parse("lines", lines);
    }

    /**
     * Reads a list file (UTF-8).
     *
     * @throws CidrListException when the file cannot be read or a line is malformed
     */
    public static DataCentreIpRanges read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (IOException e) {
            throw new CidrListException(file.toString(), "cannot read the CIDR list", e);
        }
    }

    /**
     * Reads a list from the class path.
     *
     * @throws CidrListException when the resource is missing or a line is malformed
     */
    public static DataCentreIpRanges readResource(String resource) {
        InputStream in = DataCentreIpRanges.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new CidrListException(
                    "classpath:" + resource, 0, "no such resource on the class path");
        }
        try (in) {
            return read("classpath:" + resource, in);
        } catch (IOException e) {
            throw new CidrListException("classpath:" + resource, "cannot read the CIDR list", e);
        }
    }

    /** Reads a list from text, naming {@code source} in errors. */
    public static DataCentreIpRanges read(String source, String text) {
        try {
            return read(source, new StringReader(text));
        } catch (IOException e) {
            throw new CidrListException(source, "cannot read the CIDR list", e);
        }
    }

    private static DataCentreIpRanges read(String source, InputStream in) throws IOException {
        // strict UTF-8: a binary or mis-encoded file is an error, not a list of odd lines
        return read(
                source,
                new InputStreamReader(
                        in,
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    private static DataCentreIpRanges read(String source, Reader reader) throws IOException {
        List<IPAddress> blocks = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(reader)) {
            int number = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                number++;
                IPAddress block = parseLine(source, number, line);
                if (block != null) {
                    blocks.add(block);
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new CidrListException(source, 0, "not UTF-8 text");
        }
        return new DataCentreIpRanges(blocks);
    }

    private static IPAddress parseLine(String source, int number, String line) {
        if (line == null) {
            throw new CidrListException(source, number, "null line");
        }
        if (line.length() > MAX_LINE_LENGTH) {
            throw new CidrListException(
                    source, number, "line longer than " + MAX_LINE_LENGTH + " characters");
        }
        int hash = line.indexOf('#');
        String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (text.isEmpty()) {
            return null;
        }
        IPAddressString parsed = new IPAddressString(text, CIDR);
        IPAddress address;
        try {
            address = parsed.toAddress();
        } catch (inet.ipaddr.AddressStringException | inet.ipaddr.IncompatibleAddressException e) {
            throw new CidrListException(
                    source, number, "'" + text + "' is not a CIDR block: " + e.getMessage());
        }
        if (address == null) {
            throw new CidrListException(source, number, "'" + text + "' is not a CIDR block");
        }
        if (address.isIPv6() && address.toIPv6().hasZone()) {
            throw new CidrListException(
                    source, number, "'" + text + "' has a zone; ranges cannot have one");
        }
        if (!address.isPrefixed()) {
            if (address.isMultiple()) {
                throw new CidrListException(source, number, "'" + text + "' is not a CIDR block");
            }
            return address.toPrefixBlock(address.getBitCount());
        }
        if (!address.isSinglePrefixBlock()) {
            throw new CidrListException(
                    source,
                    number,
                    "'"
                            + text
                            + "' has host bits set; did you mean "
                            + address.toPrefixBlock().toCanonicalString()
                            + "?");
        }
        return address;
    }

    /** Whether the address lies in one of the ranges. */
    public boolean contains(IPAddress address) {
        if (address == null) {
            return false;
        }
        if (address.isIPv4()) {
            return !v4.isEmpty() && v4.elementContains((IPv4Address) address);
        }
        return !v6.isEmpty() && v6.elementContains((IPv6Address) address);
    }

    /** The most specific range holding the address, as canonical CIDR text, or {@code null}. */
    public String matchingRange(IPAddress address) {
        if (address == null) {
            return null;
        }
        IPAddress match =
                address.isIPv4()
                        ? v4.longestPrefixMatch((IPv4Address) address)
                        : v6.longestPrefixMatch((IPv6Address) address);
        return match == null ? null : match.toCanonicalString();
    }

    /** The ranges as canonical CIDR text, in list order. */
    public List<String> blocks() {
        return blocks;
    }

    /** Number of ranges. */
    public int size() {
        return blocks.size();
    }
}
