package dev.midigen.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.midigen.model.BernoulliLoss;
import dev.midigen.model.DrumRnn;
import dev.midigen.model.NextTokenLstm;
import dev.midigen.model.Seq2SeqGru;
import dev.midigen.model.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class HyperParametersTest {

    @Test
    void modelsStartFromTheirSeedsSettings() {
        assertThat(HyperParameters.parse("drum-rnn", "", TrainingConfig.DEFAULT).family()).isEqualTo(DrumRnn.DRUM_KIT);
        assertThat(HyperParameters.parse("lstm", null, TrainingConfig.DEFAULT).family())
                .isEqualTo(NextTokenLstm.TRAP_GENERATOR);
        assertThat(HyperParameters.parse("melody-rnn", " ", TrainingConfig.DEFAULT).family())
                .isEqualTo(NextTokenLstm.MELODY_RNN);
        assertThat(((NextTokenLstm) HyperParameters.parse("attention-rnn", "", TrainingConfig.DEFAULT).family()).attentionLength()).isEqualTo(40);
    }

    @Test
    void hyperParametersOverrideFamilyAndTraining() {
        HyperParameters.Choice choice = HyperParameters.parse("drum-rnn",
                "layers=128x2,attention=0,lr=0.01,batch=8,window=32,steps=50,dropout=0,eval=10,patience=3,seed=9,clip-norm=1",
                TrainingConfig.DEFAULT);

        assertThat(choice.family()).isEqualTo(new DrumRnn(List.of(128, 128), 0));
        TrainingConfig config = choice.config();
        assertThat(config.learningRate()).isEqualTo(0.01);
        assertThat(config.batchSize()).isEqualTo(8);
        assertThat(config.windowSteps()).isEqualTo(32);
        assertThat(config.steps()).isEqualTo(50);
        assertThat(config.dropout()).isZero();
        assertThat(config.evalInterval()).isEqualTo(10);
        assertThat(config.patience()).isEqualTo(3);
        assertThat(config.seed()).isEqualTo(9);
        assertThat(config.clipNorm()).isEqualTo(1);
        assertThat(HyperParameters.layers("512:256")).containsExactly(512, 256);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> HyperParameters.parse("transformer", "", TrainingConfig.DEFAULT))
                .hasMessageContaining("unknown model 'transformer'");
        assertThatThrownBy(() -> HyperParameters.parse("lstm", "depth=3", TrainingConfig.DEFAULT))
                .hasMessageContaining("unknown hyper-parameter 'depth'");
        assertThatThrownBy(() -> HyperParameters.parse("lstm", "batch=big", TrainingConfig.DEFAULT))
                .hasMessageContaining("batch takes a whole number, got 'big'");
        assertThatThrownBy(() -> HyperParameters.parse("lstm", "lr", TrainingConfig.DEFAULT))
                .hasMessageContaining("key=value");
        assertThatThrownBy(() -> HyperParameters.parse("lstm", "dropout=1.5", TrainingConfig.DEFAULT))
                .hasMessageContaining("dropout must be in [0, 1)");
        assertThatThrownBy(() -> HyperParameters.parse("lstm", "layers=0x2", TrainingConfig.DEFAULT))
                .hasMessageContaining("LSTM layer sizes are 1..4096");
    }

    @Test
    void aFamilysOwnKeysStartFromItsValues() {
        Seq2SeqGru small = new Seq2SeqGru(16, 2, 8, new BernoulliLoss.Bce());
        assertThat(HyperParameters.parse(small, "lr=0.01", null).family()).isEqualTo(small);
        assertThat(HyperParameters.parse(small, "layers=3", null).family()).as("the old count keeps the size")
                .isEqualTo(new Seq2SeqGru(16, 3, 8, new BernoulliLoss.Bce()));
        assertThatThrownBy(() -> HyperParameters.parse(small, "alpha=0.5", null))
                .hasMessageContaining("loss=bce takes neither");
        Seq2SeqGru focal = new Seq2SeqGru(16, 2, 8, new BernoulliLoss.Focal(0.6, 1.5));
        assertThat(((Seq2SeqGru) HyperParameters.parse(focal, "alpha=0.5", null).family()).loss())
                .isEqualTo(new BernoulliLoss.Focal(0.5, 1.5));
        DrumRnn drums = new DrumRnn(List.of(64, 64), 8);
        assertThat(HyperParameters.parse(drums, "batch=16", TrainingConfig.DEFAULT).family()).isEqualTo(drums);
        assertThat(HyperParameters.parse(drums, "attention=4", null).family()).isEqualTo(new DrumRnn(List.of(64, 64), 4));
    }
}
