package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles written before every family shared one model contract (format 1: the embedded defaults, and a seq2seq GRU
 * whose loss and training settings stood in {@code provenance.frameTraining}) open today and make the same MIDI bytes,
 * seed for seed. The hashes were taken from {@code ./midigen generate} at commit 4e977cc with the same options (the
 * melodies with the then default, now {@code --form free --primer "[60]"}); the
 * beats' are the style-conditioned {@code drums} of issue 17 (a format-2 bundle that replaced the format-1 one), taken
 * when it was embedded.
 */
class FormatOneBundlesTest {
    @TempDir
    Path dir;

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private Map<String, String> generate(String... args) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime());
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--out";
        all[args.length + 1] = out.toString();
        CliRun run = CliRun.of(all);
        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, String> hashes = new LinkedHashMap<>();
        try (var files = Files.list(out)) {
            for (Path file : files.sorted().toList()) {
                hashes.put(file.getFileName().toString(), sha256(file));
            }
        }
        return hashes;
    }

    @Test
    void theEmbeddedDefaultsMakeTheSameBeatsAndMelodies() throws Exception {
        assertThat(generate("generate", "--model", "drums", "--no-humanize", "--backend", "java", "--seed", "42", "--num-outputs", "3",
                "--bars", "4")).isEqualTo(Map.of(
                        "beat-2.mid", "e6f09dc1ae3f717bab0523a2ef67e1c03ebb0a1829759ff239d68fb057e08b8d",
                        "beat-3.mid", "4fdea5d70a5e1655e1abbdafd072ae0dcedc218c80239d07b799dc6f26f3bfcf",
                        "beat.mid", "f399a44007ea5b062ea136e030eae670f768008ff4d18c1a594cc3d231024dc7"));
        // free-running from Magenta's middle C, as generate made melodies at 4e977cc (its default now loops, from a
        // degree of the key drawn from the seed)
        assertThat(generate("generate", "--model", "melody", "--backend", "java", "--seed", "42", "--num-outputs", "3",
                "--bars", "4", "--form", "free", "--primer", "[60]")).isEqualTo(Map.of(
                        "melody-2.mid", "b86b7ae757868588bf944c2bde47c0ae6b5f4db9feb1cfccbc9ef9fe8a980a32",
                        "melody-3.mid", "bb2c420e9d2ba91400d04785f82107382a664991bff42218a99bb77d39f93074",
                        "melody.mid", "52725cc7b8e62fc24585048b708c6173e54e06636fd77d6d6fe82d2fe40dd1b2"));
    }

    @Test
    void aFormatOneSeq2SeqBundleMakesTheSamePianoRolls() throws Exception {
        Path bundle = Path.of(getClass().getResource("/format1/seq2seq-gru/bundle.json").toURI()).getParent();
        assertThat(generate("generate", "--model", bundle.toString(), "--backend", "java", "--seed", "7", "--num-outputs",
                "2", "--bars", "2", "--sampling", "bernoulli", "--start", "random")).isEqualTo(Map.of(
                        "piano-2.mid", "019d14ab1b54c93d28e1735462741460fb8ac6095dd57ee576662b3d3fefabb0",
                        "piano.mid", "fea83cfb4cc24cf964aae40f5d90d0db4e4499503e269d118c1a53b3fc388f76"));
    }
}
