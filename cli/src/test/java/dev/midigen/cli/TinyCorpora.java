package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Corpora small enough to train on in a test: two copies of the committed sample beat. */
final class TinyCorpora {
    /** The hyper-parameters of a DrumRNN that trains a step in milliseconds on dl4j. */
    static final String TINY_DRUM_RNN = "layers=16,attention=4,batch=2,window=16,dropout=0";

    private TinyCorpora() {
    }

    /** A drum-kit corpus in {@code dir/corpus}, built by the command line from {@code samples/boom-bap.mid} twice. */
    static Path drums(Path dir) throws IOException {
        Path beats = Files.createDirectories(dir.resolve("beats"));
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("a.mid"));
        Files.copy(Path.of("samples/boom-bap.mid"), beats.resolve("b.mid"));
        Path corpus = dir.resolve("corpus");
        CliRun build = CliRun.of("dataset", "build", "--input", beats.toString(), "--encoding", "drum-kit", "--out",
                corpus.toString());
        assertThat(build.exitCode()).as(build.err()).isZero();
        return corpus;
    }
}
