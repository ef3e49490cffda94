package dev.slidr.rules.givt;

import dev.slidr.contract.FieldRules;
import inet.ipaddr.AddressStringParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;

/**
 * Parses the client IP of a click into one canonical address, shared by the data-centre check and
 * the IP pseudonym so that both see the same address for every spelling of it.
 *
 * <p>IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.1}) become their IPv4 address: a proxy that
 * writes the mapped form must not dodge an IPv4 range nor get a second pseudonym.
 */
public final class ClientIp {

    // one address in the usual notations; no ranges, wildcards, masks or single-number forms
    private static final IPAddressStringParameters SINGLE_ADDRESS =
            new IPAddressStringParameters.Builder()
                    .allowEmpty(false)
                    .allowAll(false)
                    .allowPrefix(false)
                    .allowMask(false)
                    .allowSingleSegment(false)
                    .setRangeOptions(AddressStringParameters.RangeParameters.NO_RANGE)
                    .allow_inet_aton(false)
                    .toParams();

    private ClientIp() {}

    /** The canonical single address of {@code text}, or {@code null} when it is not one. */
    public static IPAddress parse(String text) {
        if (text == null || text.length() > 64) {
            return null;
        }
        long plain = FieldRules.canonicalIpv4(text);
        if (plain >= 0) {
            // nearly every click: a dotted quad the contract's rules already found canonical,
            // built from its value instead of going through the general parser once more
            return new IPv4Address((int) plain);
        }
        IPAddress address = new IPAddressString(text.strip(), SINGLE_ADDRESS).getAddress();
        if (address == null || address.isMultiple()) {
            return null;
        }
        if (address.isIPv6() && address.isIPv4Convertible()) {
            IPAddress v4 = address.toIPv4();
            if (v4 != null) {
                return v4;
            }
        }
        return address;
    }

    /** The canonical text of a parsed address: lower-case, compressed IPv6, dotted IPv4. */
    public static String canonical(IPAddress address) {
        return address.toCanonicalString();
    }
}
