package dev.midigen.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.midigen.codec.encoding.Codecs;
import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.encoding.TokenCodec;
import java.util.Objects;

/**
 * A model: its family with hyper-parameters, the encoding it reads and writes, the seed of its
 * initial weights and, for a conditioned token model, the vocabulary of its per-sequence control.
 * Refuses families that cannot read the encoding (a drum RNN over melodies).
 *
 * @param controls what the values of a token model's per-sequence control mean (style one-hot, tempo), or null for
 *                 a model without one ({@link Controls}); its width is {@link Architecture#controlSize()}
 */
@JsonPropertyOrder({"family", "encoding", "seed", "controls"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(ModelFamily family, EncodingSpec encoding, long seed, Controls controls) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A model without a control. */
    public ModelSpec(ModelFamily family, EncodingSpec encoding, long seed) {
        this(family, encoding, seed, null);
    }

    @JsonCreator
    public ModelSpec {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(encoding, "encoding");
        String problem = mismatch(family, encoding);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (controls != null && !(family instanceof LstmFamily)) {
            throw new IllegalArgumentException("style and tempo controls are for the token models (drum-rnn, melody-rnn,"
                    + " lstm), not a " + family.typeName());
        }
    }

    /** This model with {@code newControls} (null: none). */
    public ModelSpec withControls(Controls newControls) {
        return new ModelSpec(family, encoding, seed, newControls);
    }

    private static String mismatch(ModelFamily family, EncodingSpec encoding) {
        if (family instanceof DrumRnn && !(encoding instanceof DrumKitSpec)) {
            return "a drum-rnn reads the drum-kit encoding, not " + encoding.typeName();
        }
        if (family instanceof LstmFamily && (encoding instanceof PianoRollSpec || encoding instanceof GrooveSpec)) {
            return "a " + family.typeName() + " reads token encodings (drum-kit, trap-text, melody), not "
                    + encoding.typeName();
        }
        if (family instanceof Seq2SeqGru && !(encoding instanceof PianoRollSpec)) {
            return "a seq2seq-gru reads the piano-roll encoding, not " + encoding.typeName();
        }
        if (family instanceof DrumVae && !(encoding instanceof GrooveSpec)) {
            return "a drum-vae reads the groove encoding, not " + encoding.typeName();
        }
        boolean frames = encoding instanceof PianoRollSpec || encoding instanceof GrooveSpec;
        if (family instanceof ForeignModel foreign && foreign.kind().equals(ForeignModel.NEXT_TOKEN) == frames) {
            return "a foreign " + foreign.kind() + " model reads " + (frames ? "token encodings (drum-kit, trap-text, melody)"
                    : "frame encodings (piano-roll, groove)") + ", not " + encoding.typeName();
        }
        return null;
    }

    /** The token codec of the encoding (LSTM families). */
    @JsonIgnore
    public TokenCodec<?> tokenCodec() {
        return Codecs.tokens(encoding);
    }

    /**
     * The network of an LSTM family: input = the codec's input width plus the control's ({@link #decoderInputSize()}:
     * the first layer reads {@code [input ; control]}), output = its label count.
     *
     * @throws IllegalStateException for other families
     */
    @JsonIgnore
    public LstmNetwork lstmNetwork() {
        if (!(family instanceof LstmFamily lstm)) {
            throw new IllegalStateException(family.typeName() + " is not an LSTM family");
        }
        TokenCodec<?> codec = tokenCodec();
        return lstm.network(codec.inputSize() + controlSize(), codec.labelCount());
    }

    /**
     * The parts of this model ({@link Architecture}), which backends build and the pipeline reads.
     *
     * @throws IllegalStateException for a family whose parts midigen does not know (a foreign model)
     */
    @JsonIgnore
    public Architecture architecture() {
        if (family instanceof LstmFamily) {
            LstmNetwork network = lstmNetwork();
            return new Architecture(tokenCodec().inputSize(), null, Architecture.Bridge.NONE,
                    new Architecture.Stack(Architecture.Cell.LSTM, network.layerSizes()), network.attentionLength(),
                    new Head.Categorical(network.outputSize()), controlSize());
        }
        if (family instanceof Seq2SeqGru gru && encoding instanceof PianoRollSpec roll) {
            Architecture.Stack stack = new Architecture.Stack(Architecture.Cell.GRU,
                    java.util.Collections.nCopies(gru.layers(), gru.hidden()));
            return new Architecture(roll.keys(), stack, Architecture.Bridge.DIRECT, stack, 0,
                    new Head.MultiLabel(roll.keys(), gru.classifierHidden(), gru.loss()), 0);
        }
        if (family instanceof DrumVae vae && encoding instanceof GrooveSpec groove) {
            int classes = groove.drumMap().size();
            return new Architecture(3 * classes,
                    new Architecture.Stack(Architecture.Cell.LSTM, vae.encoder(), true), Architecture.Bridge.VARIATIONAL,
                    new Architecture.Stack(Architecture.Cell.LSTM, vae.decoder()), 0, new Head.Groove(classes, vae.feelLoss()),
                    vae.hitControls() ? classes : 0,
                    new Architecture.Latent(vae.latent(), vae.beta(), vae.freeBits()));
        }
        throw new IllegalStateException("the parts of a " + family.typeName() + " are not known to midigen");
    }

    /** Width of the per-sequence control ({@link Controls#size()}; 0 without one). */
    private int controlSize() {
        return controls == null ? 0 : controls.size();
    }

    /**
     * Whether the model reads a source sequence first ({@link Architecture#hasEncoder()}); false for a foreign model,
     * whose parts midigen does not know.
     */
    @JsonIgnore
    public boolean hasEncoder() {
        return !(family instanceof ForeignModel) && architecture().hasEncoder();
    }

    /**
     * The output head: the architecture's, or for a foreign model the one its kind implies (categorical over a token
     * encoding's labels; multi-label over a frame encoding's units).
     */
    @JsonIgnore
    public Head head() {
        if (family instanceof ForeignModel foreign) {
            return foreign.kind().equals(ForeignModel.NEXT_TOKEN) ? new Head.Categorical(tokenCodec().labelCount())
                    : new Head.MultiLabel(inputSize(), 0, Seq2SeqGru.DEFAULT_LOSS);
        }
        return architecture().head();
    }

    /**
     * Features a decoder step reads: the token codec's input width, or a frame encoding's frame size (what a source
     * sequence holds too).
     */
    @JsonIgnore
    public int inputSize() {
        if (Codecs.of(encoding) instanceof dev.midigen.codec.encoding.FrameCodec<?> frames) {
            return frames.frameSize();
        }
        return tokenCodec().inputSize();
    }

    /**
     * Features a decoder step and a batch's {@code inputs} hold: {@link #inputSize()}, then the architecture's per-step
     * control ({@link Architecture#controlSize()}), if any.
     */
    @JsonIgnore
    public int decoderInputSize() {
        return family instanceof ForeignModel ? inputSize() : inputSize() + architecture().controlSize();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ModelSpec fromJson(String json) {
        try {
            return JSON.readValue(json, ModelSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a model spec: " + e.getOriginalMessage(), e);
        }
    }
}
