package dev.slidr.feature.flink;

import dev.slidr.contract.Click;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.FeatureVector;
import dev.slidr.feature.IpCounters;
import dev.slidr.feature.IpFeatures;
import dev.slidr.feature.TimeEncoding;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;

/**
 * The IP stage: keyed by {@link Click#ip()}, it keeps each IP's {@link IpCounters} in RocksDB and
 * emits every click with its full {@link FeatureSchema#CURRENT} vector, assembled from the user and
 * ad features the earlier stages attached, the IP features and the click itself.
 *
 * <pre>{@code
 * adFeatured.keyBy(IpFeatureFunction::keyOf, Types.STRING)
 *       .process(new IpFeatureFunction(Duration.ofHours(25), 1000, ZoneId.of("UTC")),
 *                FeaturedClick.TYPE_INFO)
 * }</pre>
 *
 * <p>State, timer and TTL are explained on {@link CoreStateFunction}.
 */
public class IpFeatureFunction
        extends CoreStateFunction<IpCounters, AdFeaturedClick, FeaturedClick> {

    private static final long serialVersionUID = 1L;

    /** Name of the keyed value state; part of the savepoint layout. */
    public static final String STATE_NAME = "ip-counters";

    private final ZoneId timeZone;
    private transient TimeEncoding timeEncoding;

    public IpFeatureFunction(Duration stateTtl, long ttlCompactionQueryInterval, ZoneId timeZone) {
        super(stateTtl, ttlCompactionQueryInterval);
        this.timeZone = Objects.requireNonNull(timeZone, "timeZone");
    }

    /** The key of this stage. */
    public static String keyOf(AdFeaturedClick record) {
        return record.click().ip();
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        timeEncoding = TimeEncoding.in(timeZone);
    }

    @Override
    protected String stateName() {
        return STATE_NAME;
    }

    @Override
    protected CoreStateSerializer<IpCounters> stateSerializer() {
        return new IpCountersSerializer();
    }

    @Override
    protected IpCounters emptyState() {
        return new IpCounters();
    }

    @Override
    protected FeaturedClick apply(IpCounters state, AdFeaturedClick record) {
        Click click = record.click();
        IpFeatures ip = state.add(click);
        return new FeaturedClick(
                click,
                FeatureSchema.CURRENT.version(),
                FeatureVector.assemble(record.user(), record.ad(), ip, click, timeEncoding),
                record.user().late() || record.ad().late() || ip.late(),
                record.readMicros());
    }

    @Override
    protected long droppableAt(IpCounters state) {
        return state.droppableAt();
    }
}
