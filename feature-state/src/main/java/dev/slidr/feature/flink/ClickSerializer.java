package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink serializer for {@link Click}, used inside the featured-click records that flow between the
 * feature stages.
 *
 * <p>Hand-written rather than Flink's reflective record serializer so that the featured records
 * have one explicit, versioned layout with no Kryo fallback anywhere in the chain. Format 1: click
 * id, ts, user id (nullable), session id, ip, user agent, device wire name, logged-in flag, ad id,
 * advertiser id, placement. The device travels by name, not ordinal, so reordering the enum cannot
 * silently change devices.
 */
public final class ClickSerializer extends ImmutableValueSerializer<Click> {

    private static final long serialVersionUID = 1L;

    /** The format version this serializer writes. */
    public static final int FORMAT_VERSION = 1;

    public static final ClickSerializer INSTANCE = new ClickSerializer();

    @Override
    public void serialize(Click click, DataOutputView out) throws IOException {
        StringValue.writeString(click.clickId(), out);
        out.writeLong(click.ts());
        StringValue.writeString(click.userId(), out);
        StringValue.writeString(click.sessionId(), out);
        StringValue.writeString(click.ip(), out);
        StringValue.writeString(click.userAgent(), out);
        StringValue.writeString(click.device().wireName(), out);
        out.writeBoolean(click.loggedIn());
        StringValue.writeString(click.adId(), out);
        StringValue.writeString(click.advertiserId(), out);
        StringValue.writeString(click.placement(), out);
    }

    @Override
    public Click deserialize(DataInputView in) throws IOException {
        String clickId = required(StringValue.readString(in), "click_id");
        long ts = in.readLong();
        String userId = StringValue.readString(in);
        String sessionId = required(StringValue.readString(in), "session_id");
        String ip = required(StringValue.readString(in), "ip");
        String userAgent = required(StringValue.readString(in), "user_agent");
        String deviceName = required(StringValue.readString(in), "device");
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
        String adId = required(StringValue.readString(in), "ad_id");
        String advertiserId = required(StringValue.readString(in), "advertiser_id");
        String placement = required(StringValue.readString(in), "placement");
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
