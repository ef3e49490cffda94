package dev.slidr.replay;

import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.Parsed;
import dev.slidr.contract.input.InputStreams;
import dev.slidr.job.kafka.KafkaConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The baseline's decisions of a window, by click id, the highest revision per click winning (as
 * billing applies them). Only decisions whose event time is in the window are kept.
 */
final class BaselineDecisions {

    private final Map<String, Decision> byClickId = new HashMap<>();
    private final ReplayWindow window;

    BaselineDecisions(ReplayWindow window) {
        this.window = window;
    }

    Decision get(String clickId) {
        return byClickId.get(clickId);
    }

    int size() {
        return byClickId.size();
    }

    /** Keeps {@code d} when it is in the window and supersedes what is kept for its click. */
    void offer(Decision d) {
        if (window.partOf(d.eventTs()) != ReplayWindow.Part.DECIDED) {
            return;
        }
        byClickId.merge(d.clickId(), d, (a, b) -> b.revision() > a.revision() ? b : a);
    }

    /** Decisions as contract JSON lines (gzip ok); malformed lines become dead letters. */
    static BaselineDecisions fromFile(
            Path file, ReplayWindow window, Consumer<DeadLetter> deadLetters) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ReplayException("no such decisions file: " + file);
        }
        BaselineDecisions baseline = new BaselineDecisions(window);
        long now = System.currentTimeMillis();
        String source = "replay-baseline:" + file;
        try (InputStream in = InputStreams.open(file);
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            long number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                Parsed<Decision> parsed = ContractJson.readDecision(bytes);
                if (parsed instanceof Parsed.Ok<Decision> ok) {
                    baseline.offer(ok.value());
                } else {
                    deadLetters.accept(
                            DeadLetter.of(
                                    bytes, (Parsed.Rejected<?>) parsed, source, -1, number, now));
                }
            }
        }
        return baseline;
    }

    /**
     * The committed decisions of the topic from the window's start less the reader's slack (a
     * decision of a click in the window is never written earlier); malformed records become dead
     * letters.
     */
    static BaselineDecisions fromTopic(
            KafkaConfig kafka,
            ReplayWindow window,
            Consumer<DeadLetter> deadLetters,
            ReplayListener listener) {
        BaselineDecisions baseline = new BaselineDecisions(window);
        try {
            new DecisionsTopicReader(kafka, listener)
                    .read(window.from(), baseline::offer, deadLetters);
        } catch (DecisionsTopicReader.NoSuchTopicException e) {
            throw new ReplayException(e.getMessage(), e);
        }
        return baseline;
    }
}
