package dev.midigen.model.eval;

import dev.midigen.codec.encoding.MelodyCodec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.repr.Melody;
import dev.midigen.dataset.CorpusManifest;
import dev.midigen.dataset.SourceItems;
import dev.midigen.dataset.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real melodies behind a melody corpus, to measure next to generated ones with {@link MelodyStatistics}: a split's
 * melodies extracted from the source files as the corpus's build extracted them ({@link SourceItems}), then moved into
 * the encoding's key and range as it encoded them (what the model learned from), in their own meter's bars.
 */
public final class RealMelodies {
    private RealMelodies() {
    }

    /**
     * @param sourceFolder the folder the corpus was built from
     * @throws IllegalArgumentException when the corpus is not a melody corpus, or a file is missing or changed
     */
    public static List<Melody> ofSplit(Path sourceFolder, CorpusManifest manifest, Split split) throws IOException {
        if (!(manifest.encoding() instanceof MelodySpec spec)) {
            throw new IllegalArgumentException("real melodies come from a melody corpus, not a "
                    + manifest.encoding().typeName() + " one");
        }
        MelodyCodec codec = new MelodyCodec(spec);
        List<Melody> melodies = new ArrayList<>();
        for (Object item : SourceItems.ofSplit(sourceFolder, manifest, split)) {
            melodies.add(codec.squash((Melody) item).melody());
        }
        return melodies;
    }

    /**
     * The statistics of a split's real melodies in the bars generated melodies have ({@code 4 × stepsPerQuarter}
     * steps: the encoding carries no meter, so a model writes 4/4), so that the two are measured alike.
     */
    public static MelodyStatistics statistics(Path sourceFolder, CorpusManifest manifest, Split split) throws IOException {
        List<Melody> melodies = ofSplit(sourceFolder, manifest, split);
        int stepsPerBar = 4 * ((MelodySpec) manifest.encoding()).stepsPerQuarter();
        return MelodyStatistics.inBarsOf(stepsPerBar, melodies);
    }
}
