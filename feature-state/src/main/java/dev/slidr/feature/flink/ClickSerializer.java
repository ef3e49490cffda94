package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link Click}: the parsed clicks, and the click inside the records that flow
 * between the stages after ingress.
 *
 * <p>Hand-written rather than Flink's reflective record serializer so that the records have one
 * explicit, versioned layout with no Kryo or POJO fallback anywhere in the chain. Format 2: click
 * id, ts, user id (nullable), session id, ip, user agent, device wire name, logged-in flag, ad id,
 * advertiser id, placement; strings as {@link Utf8Strings} (format 1 wrote them with Flink's
 * char-by-char {@code StringValue}; it is not read: clicks are never in state, only on the wire
 * between operators, so no savepoint holds them). The device travels by name, not ordinal, so
 * reordering the enum cannot silently change devices.
 *
 * <p>{@link #serializeAfterIngress} is the shorter form of the records after ingress ({@link
 * IngestedClick} and the featured clicks): it leaves out the user agent and the placement, which
 * only the ingress screening reads; they come back as empty strings.
 */
public final class ClickSerializer extends ImmutableValueSerializer<Click> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 2;

    public static final ClickSerializer INSTANCE = new ClickSerializer();

    /** Kryo- and POJO-free type information of parsed clicks. */
    public static final TypeInformation<Click> TYPE_INFO =
            new SerializerTypeInfo<>(Click.class, () -> INSTANCE);

    /** What the after-ingress form reads back for the user agent and the placement. */
    public static final String NOT_CARRIED = "";

    @Override
    public void serialize(Click click, DataOutputView out) throws IOException {
        writeHead(click, out);
        Utf8Strings.write(click.userAgent(), out);
        writeTail(click, out);
        Utf8Strings.write(click.placement(), out);
    }

    @Override
    public Click deserialize(DataInputView in) throws IOException {
        return read(in, true);
    }

    /**
     * Writes the fields the stages after ingress read: click id, ts, user id, session id, ip,
     * device, logged-in flag, ad id and advertiser id, as {@link #serialize} writes them.
     */
    public static void serializeAfterIngress(Click click, DataOutputView out) throws IOException {
        writeHead(click, out);
        writeTail(click, out);
    }

    /**
     * Reads what {@link #serializeAfterIngress} wrote; user agent and placement are {@link
     * #NOT_CARRIED}.
     */
    public static Click deserializeAfterIngress(DataInputView in) throws IOException {
        return read(in, false);
    }

    /** {@code click} as {@link #deserializeAfterIngress} reads it back. */
    public static Click afterIngress(Click click) {
        return new Click(
                click.clickId(),
                click.ts(),
                click.userId(),
                click.sessionId(),
                click.ip(),
                NOT_CARRIED,
                click.device(),
                click.loggedIn(),
                click.adId(),
                click.advertiserId(),
                NOT_CARRIED);
    }

    private static void writeHead(Click click, DataOutputView out) throws IOException {
        Utf8Strings.write(click.clickId(), out);
        out.writeLong(click.ts());
        Utf8Strings.write(click.userId(), out);
        Utf8Strings.write(click.sessionId(), out);
        Utf8Strings.write(click.ip(), out);
    }

    private static void writeTail(Click click, DataOutputView out) throws IOException {
        Utf8Strings.write(click.device().wireName(), out);
        out.writeBoolean(click.loggedIn());
        Utf8Strings.write(click.adId(), out);
        Utf8Strings.write(click.advertiserId(), out);
    }

    private static Click read(DataInputView in, boolean full) throws IOException {
        String clickId = required(Utf8Strings.read(in), "click_id");
        long ts = in.readLong();
        String userId = Utf8Strings.read(in);
        String sessionId = required(Utf8Strings.read(in), "session_id");
        String ip = required(Utf8Strings.read(in), "ip");
        String userAgent = full ? required(Utf8Strings.read(in), "user_agent") : NOT_CARRIED;
        String deviceName = required(Utf8Strings.read(in), "device");
        Device device =
                Device.fromWireName(deviceName)
                        .orElseThrow(
                                () ->
                                        new CorruptStateException(
                                                "click "
                                                        + clickId
                                                        + ": unknown device '"
                                                        + deviceName
                                                        + "'"));
        boolean loggedIn = in.readBoolean();
        String adId = required(Utf8Strings.read(in), "ad_id");
        String advertiserId = required(Utf8Strings.read(in), "advertiser_id");
        String placement = full ? required(Utf8Strings.read(in), "placement") : NOT_CARRIED;
        return new Click(
                clickId,
                ts,
                userId,
                sessionId,
                ip,
                userAgent,
                device,
                loggedIn,
                adId,
                advertiserId,
                placement);
    }

    private static String required(String value, String field) throws CorruptStateException {
        if (value == null) {
            throw new CorruptStateException("serialized click has no " + field);
        }
        return value;
    }

    @Override
    public TypeSerializerSnapshot<Click> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of {@link ClickSerializer}: records the click format version. */
    public static final class Snapshot extends SingleFormatSnapshot<Click> {

        public Snapshot() {}

        @Override
        protected int currentFormatVersion() {
            return FORMAT_VERSION;
        }

        @Override
        protected TypeSerializer<Click> currentSerializer() {
            return INSTANCE;
        }
    }
}
