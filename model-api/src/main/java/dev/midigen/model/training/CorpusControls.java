package dev.midigen.model.training;

import dev.midigen.dataset.Corpus;
import dev.midigen.dataset.CorpusManifest;
import dev.midigen.dataset.Example;
import dev.midigen.dataset.FileLabel;
import dev.midigen.model.Controls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-sequence controls ({@link Controls}) of a labelled corpus's examples, from the labels its manifest holds
 * for each source file ({@code dataset build --labels}, or Groove's {@code info.csv} as the split file).
 *
 * <p>An example's style is its file's (none for a file without one, or of a style the controls do not list); its
 * tempo is the file's labelled bpm, except for a tempo-augmented copy ({@code tempo*F}) or a file without a labelled
 * bpm, whose tempo is the example's own (the tempo at the piece's start).
 */
public final class CorpusControls {
    /** Styles need this many training files to get a value of their own ({@code --hparams style=true}). */
    public static final int MIN_STYLE_FILES = 20;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CorpusControls.class);

    private CorpusControls() {
    }

    /** The controls a model trained on {@code corpus} reads: its styles with enough training files, and the tempo. */
    public static Controls vocabulary(Corpus corpus) {
        if (!corpus.manifest().labelled()) {
            throw new IllegalArgumentException("corpus " + corpus.dir() + " has no style or tempo labels (build it with"
                    + " 'dataset build --labels FILE.csv', or with Groove's info.csv as --split-file)");
        }
        List<String> styles = new ArrayList<>();
        for (CorpusManifest.FileEntry file : corpus.manifest().files().getOrDefault("train", List.of())) {
            styles.add(file.style());
        }
        return Controls.of(styles, MIN_STYLE_FILES);
    }

    /**
     * One control vector per example, in order. A corpus without labels gives every example no style and its own
     * tempo (and a warning: a conditioned model measured so is measured as if asked for no style).
     */
    public static List<float[]> of(Controls controls, Corpus corpus, List<Example> examples) {
        Map<String, FileLabel> labels = corpus.manifest().labels();
        if (labels.isEmpty() && !controls.styles().isEmpty()) {
            LOG.warn("corpus {} has no style labels: the model's style controls read zeros (no style)", corpus.dir());
        }
        List<float[]> vectors = new ArrayList<>(examples.size());
        for (Example example : examples) {
            FileLabel label = labels.get(example.source());
            String style = label == null || label.style() == null || !controls.knows(label.style()) ? null
                    : label.style();
            boolean ownTempo = label == null || label.bpm() == null || example.variant().startsWith("tempo*");
            vectors.add(controls.vector(style, ownTempo ? example.bpm() : label.bpm()));
        }
        return vectors;
    }
}
