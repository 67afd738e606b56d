package dev.midigen.model.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.midigen.codec.encoding.GrooveCodec;
import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.FrameSeq;
import dev.midigen.codec.repr.GrooveTrack;
import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.Example;
import dev.midigen.dataset.ExampleData;
import dev.midigen.dataset.Split;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How close predicted performances come to the played ones, step for step: hits as a multi-label decision over
 * (step, drum class) cells, and the feel of the hits both have. Counts are pooled over pieces (micro averages). A
 * humanizer (a baseline of {@link GrooveBaselines}, or a model) is a {@code UnaryOperator<GrooveTrack>} from the
 * quantised performance ({@link #quantize}) to a played one; {@link #evaluate} runs it on every target.
 *
 * <p>Undefined values (no predicted hits for precision, no hits in both for the MAEs) are NaN.
 *
 * @param pieces        pieces compared
 * @param targetHits    hits played
 * @param predictedHits hits predicted
 * @param matchedHits   hits in both (same step, same class)
 * @param precision     matched / predicted
 * @param recall        matched / played
 * @param f1            harmonic mean of precision and recall
 * @param velocityMae   mean absolute velocity error over matched hits, MIDI units (0–127)
 * @param timingMaeMs   mean absolute onset error over matched hits, milliseconds at the piece's tempo
 */
public record HumanizeMetrics(int pieces, long targetHits, long predictedHits, long matchedHits, double precision,
                              double recall, double f1, double velocityMae, double timingMaeMs) {

    /**
     * A played groove and the tempo it was played at (for milliseconds).
     *
     * @param groove the performance
     * @param bpm    quarter notes per minute
     */
    public record Performance(GrooveTrack groove, double bpm) {
        public Performance {
            Objects.requireNonNull(groove, "groove");
            if (!(bpm > 0 && Double.isFinite(bpm))) {
                throw new IllegalArgumentException("bpm must be positive, got " + bpm);
            }
        }

        /** Milliseconds from one step to the next. */
        public double millisPerStep() {
            return 60_000.0 / bpm / groove.stepsPerQuarter();
        }

        /**
         * The performance in {@code notes} ({@link GrooveStatistics#groove}) at its tempo; empty when it has no drum
         * notes {@code map} knows.
         *
         * @throws IllegalArgumentException when the tempo changes (one step would have no one length) or the notes
         *                                  cannot be put on one bar grid
         */
        public static Optional<Performance> of(NoteSequence notes, DrumMap map) {
            if (!notes.tempoMap().isConstant()) {
                throw new IllegalArgumentException("the tempo changes: timing errors need one tempo");
            }
            double bpm = notes.tempoMap().changes().get(0).bpm();
            return GrooveStatistics.groove(notes, map).map(groove -> new Performance(groove, bpm));
        }

        /**
         * The performances of a groove corpus's split: each example's frames decoded ({@link GrooveCodec}) at the tempo
         * the corpus recorded for it.
         *
         * @throws IllegalArgumentException when the corpus is not encoded as grooves
         */
        public static List<Performance> ofCorpus(Corpus corpus, Split split) throws IOException {
            if (!(corpus.manifest().encoding() instanceof GrooveSpec groove)) {
                throw new IllegalArgumentException("corpus " + corpus.dir() + " is not a groove corpus (build it with"
                        + " --encoding groove)");
            }
            GrooveCodec codec = new GrooveCodec(groove);
            List<Performance> performances = new ArrayList<>();
            for (Example example : corpus.examples(split)) {
                if (example.data() instanceof ExampleData.Frames frames) {
                    performances.add(new Performance(codec.decode(frames.frames()), example.bpm()));
                }
            }
            return performances;
        }
    }

    /**
     * What a humanizer is given: the hits of {@code played} with velocity 0 and offset 0, as GrooVAE's humanize task
     * flattens its input.
     */
    public static GrooveTrack quantize(GrooveTrack played) {
        FrameSeq zeros = FrameSeq.wrap(played.length(), played.map().size(),
                new float[played.length() * played.map().size()]);
        return new GrooveTrack(played.map(), played.stepsPerQuarter(), played.stepsPerBar(), played.hits(), zeros,
                zeros);
    }

    /** Each target's quantised hits humanized by {@code humanizer}, compared with what was played. */
    public static HumanizeMetrics evaluate(List<Performance> targets, UnaryOperator<GrooveTrack> humanizer) {
        List<GrooveTrack> predicted = new ArrayList<>(targets.size());
        for (Performance target : targets) {
            predicted.add(humanizer.apply(quantize(target.groove())));
        }
        return compare(targets, predicted);
    }

    /**
     * Targets against predictions of the same steps.
     *
     * @throws IllegalArgumentException when the counts differ, or a prediction's map, grid or length is not its
     *                                  target's
     */
    public static HumanizeMetrics compare(List<Performance> targets, List<GrooveTrack> predicted) {
        if (targets.size() != predicted.size()) {
            throw new IllegalArgumentException(targets.size() + " targets but " + predicted.size() + " predictions");
        }
        long played = 0;
        long guessed = 0;
        long matched = 0;
        double velocityErrors = 0;
        double timingErrors = 0;
        for (int i = 0; i < targets.size(); i++) {
            Performance target = targets.get(i);
            GrooveTrack truth = target.groove();
            GrooveTrack guess = predicted.get(i);
            if (!guess.map().equals(truth.map()) || guess.stepsPerQuarter() != truth.stepsPerQuarter()
                    || guess.stepsPerBar() != truth.stepsPerBar() || guess.length() != truth.length()) {
                throw new IllegalArgumentException("prediction " + i + " (" + shape(guess) + ") does not match its target ("
                        + shape(truth) + ")");
            }
            double millisPerOffsetUnit = target.millisPerStep() / 2; // offsets are twice the steps
            for (int step = 0; step < truth.length(); step++) {
                int both = truth.hits().get(step) & guess.hits().get(step);
                played += Integer.bitCount(truth.hits().get(step));
                guessed += Integer.bitCount(guess.hits().get(step));
                matched += Integer.bitCount(both);
                for (int c = 0; both >>> c != 0; c++) {
                    if ((both >>> c & 1) != 0) {
                        velocityErrors += Math.abs(guess.velocity(step, c) - (double) truth.velocity(step, c)) * 127.0;
                        timingErrors += Math.abs(guess.offset(step, c) - (double) truth.offset(step, c))
                                * millisPerOffsetUnit;
                    }
                }
            }
        }
        double precision = matched / (double) guessed;
        double recall = matched / (double) played;
        double f1 = matched == 0 ? (played + guessed == 0 ? Double.NaN : 0) : 2 * precision * recall / (precision + recall);
        return new HumanizeMetrics(targets.size(), played, guessed, matched, precision, recall, f1,
                velocityErrors / matched, timingErrors / matched);
    }

    private static String shape(GrooveTrack groove) {
        return groove.map().name() + ", " + groove.stepsPerQuarter() + " steps per quarter, " + groove.stepsPerBar()
                + " per bar, " + groove.length() + " steps";
    }

    /** The rates, the errors and the counts; NaN as null. */
    public ObjectNode toJsonNode() {
        ObjectNode node = new ObjectMapper().createObjectNode();
        put(node, "velocityMae", velocityMae);
        put(node, "timingMaeMs", timingMaeMs);
        put(node, "hitF1", f1);
        put(node, "hitPrecision", precision);
        put(node, "hitRecall", recall);
        node.put("pieces", pieces);
        node.put("targetHits", targetHits);
        node.put("predictedHits", predictedHits);
        node.put("matchedHits", matchedHits);
        return node;
    }

    private static void put(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }
}
