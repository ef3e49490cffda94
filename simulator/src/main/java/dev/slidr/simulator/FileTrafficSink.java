package dev.slidr.simulator;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Conversion;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes traffic to a directory: {@code clicks.jsonl} and {@code conversions.jsonl} (one contract
 * JSON object per line) and {@code truth.csv} (click_id,is_robot,kind); optionally gzipped. With
 * {@code events = false} only the truth file is written (when the events go to Kafka).
 */
public final class FileTrafficSink implements TrafficSink {

    private static final byte[] NEWLINE = {'\n'};

    private final OutputStream clicks;
    private final OutputStream conversions;
    private final OutputStream truth;

    public FileTrafficSink(Path dir, boolean gzip, boolean events) throws IOException {
        OutputStream c = null;
        OutputStream v = null;
        OutputStream t = null;
        try {
            t = OutputFiles.open(OutputFiles.eventFile(dir, OutputFiles.TRUTH, gzip), gzip);
            t.write("click_id,is_robot,kind\n".getBytes(StandardCharsets.US_ASCII));
            if (events) {
                c = OutputFiles.open(OutputFiles.eventFile(dir, OutputFiles.CLICKS, gzip), gzip);
                v =
                        OutputFiles.open(
                                OutputFiles.eventFile(dir, OutputFiles.CONVERSIONS, gzip), gzip);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(c, e);
            closeQuietly(v, e);
            closeQuietly(t, e);
            throw e;
        }
        this.clicks = c;
        this.conversions = v;
        this.truth = t;
    }

    @Override
    public void click(Click click, TrafficKind kind) throws IOException {
        if (clicks != null) {
            clicks.write(ContractJson.write(click));
            clicks.write(NEWLINE);
        }
        truth.write(
                (click.clickId() + (kind.isRobot() ? ",true," : ",false,") + kind.wireName() + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void conversion(Conversion conversion) throws IOException {
        if (conversions != null) {
            conversions.write(ContractJson.write(conversion));
            conversions.write(NEWLINE);
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (OutputStream out : new OutputStream[] {clicks, conversions, truth}) {
            if (out == null) {
                continue;
            }
            try {
                out.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(OutputStream out, Exception primary) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                primary.addSuppressed(e);
            }
        }
    }
}
