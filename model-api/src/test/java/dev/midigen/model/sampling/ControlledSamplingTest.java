package dev.midigen.model.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.repr.DrumMap;
import dev.midigen.codec.repr.IntSeq;
import dev.midigen.model.Controls;
import dev.midigen.model.Decoder;
import dev.midigen.model.DecoderState;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.ModelBatch;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceBatch;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.generate.Conditioning;
import dev.midigen.model.generate.GenerationLength;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.MusicGenerator;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.LstmLayout;
import dev.midigen.model.weights.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampler feeds a conditioned model's control after the codec's features at every step, primer included. */
class ControlledSamplingTest {
    private static final DrumKitSpec KIT = new DrumKitSpec(DrumMap.GM, 4, 2);
    private static final Controls CONTROLS = new Controls(List.of("funk", "rock"), Controls.LOG2_TEMPO);
    private static final ModelSpec SPEC = new ModelSpec(new DrumRnn(List.of(8), 0), KIT, 5, CONTROLS);

    @Test
    void everyStepReadsTheControlAfterTheCodecsFeatures() {
        float[] control = CONTROLS.vector("rock", 240);
        try (Recording model = new Recording(SPEC)) {
            new Sampler(SamplingConfig.builder().seed(3).build()).sample(
                    new Sampler(SamplingConfig.builder().seed(3).build()).prime(model, IntSeq.of(0, 1), control), 6, 0, 2);

            assertThat(model.steps).hasSize(2 + 5); // the primer's 2 steps, then 5 fed back (the last is not fed)
            for (float[] step : model.steps) {
                int rows = step.length / SPEC.decoderInputSize();
                for (int r = 0; r < rows; r++) {
                    int at = r * SPEC.decoderInputSize() + SPEC.inputSize(); // 512 one-hot + 2 counters, then the control
                    assertThat(Arrays.copyOfRange(step, at, at + 3)).containsExactly(0f, 1f, 1f);
                }
            }
        }
    }

    @Test
    void stylesChangeTheBeatsAndAnUnknownOneIsRefused() {
        try (Recording model = new Recording(SPEC)) {
            GenerationRequest request = GenerationRequest.of(GenerationLength.bars(2), 4);
            var funk = new MusicGenerator(model, Conditioning.style("funk")).generate(request);
            var again = new MusicGenerator(model, Conditioning.style("funk")).generate(request);
            var rock = new MusicGenerator(model, Conditioning.style("rock")).generate(request);
            assertThat(funk.get(0).tokens()).isEqualTo(again.get(0).tokens());
            assertThat(funk.stream().map(g -> g.tokens()).toList())
                    .isNotEqualTo(rock.stream().map(g -> g.tokens()).toList());
            assertThatThrownBy(() -> new MusicGenerator(model, Conditioning.style("polka")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("funk, rock");
            assertThatThrownBy(() -> new Sampler(SamplingConfig.DEFAULT).prime(model, IntSeq.of(0), new float[2]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control of 2 values");
        }
    }

    @Test
    void guidanceStepsAnUnconditionedTwinAndPushesTheLogitsAwayFromIt() {
        float[] rock = CONTROLS.vector("rock", 120);
        float[] none = CONTROLS.vector(null, 120);
        try (Recording model = new Recording(SPEC)) {
            Sampler plain = new Sampler(SamplingConfig.builder().seed(5).guidance(0).build());
            assertThat(plain.prime(model, IntSeq.of(0), rock, none).unconditioned()).as("off at 0").isNull();
            Sampler guided = new Sampler(SamplingConfig.builder().seed(5).guidance(3).build());
            assertThat(guided.prime(model, IntSeq.of(0), none, none).unconditioned()).as("nothing to guide by").isNull();

            model.steps.clear();
            Sampler.Primed primed = guided.prime(model, IntSeq.of(0), rock, none);
            assertThat(primed.unconditioned()).isNotNull();
            List<Sample> withGuidance = guided.sample(primed, 32, 0, 2);
            long unconditionedRows = model.steps.stream().filter(step -> {
                int at = SPEC.inputSize();
                return step[at] == 0f && step[at + 1] == 0f;
            }).count();
            assertThat(unconditionedRows).as("steps of the twin told no style").isGreaterThan(30);
            List<Sample> without = plain.sample(plain.prime(model, IntSeq.of(0), rock), 32, 0, 2);
            assertThat(withGuidance).isNotEqualTo(without);
            assertThat(guided.sample(primed, 32, 1, 1).get(0)).as("an output alone as in a batch")
                    .isEqualTo(withGuidance.get(1));
        }
        assertThatThrownBy(() -> SamplingConfig.builder().guidance(-1).build()).hasMessageContaining("guidance");
    }

    /** The reference model with strong control weights, recording every step's inputs. */
    private static final class Recording implements SequenceModel {
        final List<float[]> steps = new ArrayList<>();
        private final SequenceModel model;

        Recording(ModelSpec spec) {
            Weights initial = LstmLayout.initial(spec.lstmNetwork(), spec.seed());
            java.util.Map<String, dev.midigen.model.weights.Tensor> tensors = new java.util.LinkedHashMap<>(initial.asMap());
            var w = tensors.get(LstmLayout.inputWeights(0));
            float[] values = w.toArray();
            int n = w.dim(1);
            for (int row = 0; row < w.dim(0); row++) {
                for (int col = n - 3; col < n; col++) {
                    values[row * n + col] *= 40; // the control's columns, so that styles change the logits a lot
                }
            }
            tensors.put(LstmLayout.inputWeights(0), dev.midigen.model.weights.Tensor.wrap(values, w.shape()));
            this.model = new JavaBackend().fromWeights(spec, Weights.of(tensors));
        }

        @Override
        public ModelSpec spec() {
            return model.spec();
        }

        @Override
        public String backend() {
            return model.backend();
        }

        @Override
        public Decoder newDecoder(int batchSize) {
            Decoder decoder = model.newDecoder(batchSize);
            return new Decoder() {
                @Override
                public int batchSize() {
                    return decoder.batchSize();
                }

                @Override
                public float[] step(float[] inputs) {
                    steps.add(inputs.clone());
                    return decoder.step(inputs);
                }

                @Override
                public DecoderState state() {
                    return decoder.state();
                }

                @Override
                public void setState(DecoderState state) {
                    decoder.setState(state);
                }

                @Override
                public void reset() {
                    decoder.reset();
                }

                @Override
                public void close() {
                    decoder.close();
                }
            };
        }

        @Override
        public SequenceBatch score(ModelBatch batch) {
            return model.score(batch);
        }

        @Override
        public Weights exportWeights() {
            return model.exportWeights();
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
