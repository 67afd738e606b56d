package dev.midigen.cli;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.EncodingSpec;
import dev.midigen.model.generate.GenerationLength;
import dev.midigen.model.generate.GenerationRequest;
import dev.midigen.model.generate.Primer;
import dev.midigen.model.generate.Regeneration;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** {@code generate}'s keep-this-redo-that options: a primer sampled again over its own bars ({@link Regeneration}). */
final class RegenerateOptions {
    @Option(names = "--keep", split = ",", paramLabel = "CLASS",
            description = "With --primer-midi: regenerate the primer's bars keeping these drum classes' hits exactly"
                    + " (kick, snare, closed-hat, open-hat, …, or hats, toms, cymbals); the model redoes the rest.")
    List<String> keep = List.of();

    @Option(names = "--regenerate-bars", split = ",", paramLabel = "N",
            description = "With --primer-midi: redo only these bars of the primer (from 1); the others stay as they are.")
    List<Integer> bars = List.of();

    boolean active() {
        return !keep.isEmpty() || !bars.isEmpty();
    }

    /**
     * The request that redoes {@code request}'s primer: its first token, then the rest of its steps under the
     * regeneration's constraint, the primer's bars in all.
     *
     * @throws CliFailure for a request these options cannot apply to, in one line
     */
    GenerationRequest apply(GenerationRequest request, EncodingSpec encoding, boolean lengthGiven, boolean withoutPrimer) {
        if (!FormOptions.applies(encoding)) {
            throw new CliFailure("--keep and --regenerate-bars need a model of one token per step (drum-kit, melody); this"
                    + " one reads " + encoding.typeName());
        }
        if (!(request.primer() instanceof Primer primer)) {
            throw new CliFailure("--keep and --regenerate-bars redo a primer: give one with --primer-midi (or --primer)");
        }
        if (!keep.isEmpty() && !(encoding instanceof DrumKitSpec)) {
            throw new CliFailure("--keep names drum classes: it needs a drum-kit model; this one reads " + encoding.typeName());
        }
        if (lengthGiven || withoutPrimer) {
            throw new CliFailure("--keep and --regenerate-bars write the primer's own bars: leave out --bars, --num-steps"
                    + " and --without-primer");
        }
        if (primer.tokens().length() < 2) {
            throw new CliFailure("the primer has a single step: there is nothing to regenerate");
        }
        TreeSet<Integer> redo = new TreeSet<>();
        for (int bar : bars) {
            if (bar < 1) {
                throw new CliFailure("--regenerate-bars counts bars from 1, got " + bar);
            }
            redo.add(bar - 1);
        }
        Regeneration regeneration;
        try {
            int kept = keep.isEmpty() ? 0 : Regeneration.classMask(((DrumKitSpec) encoding).drumMap(), keep);
            regeneration = new Regeneration(primer.tokens(), kept, redo, primer.stepsPerBar());
        } catch (IllegalArgumentException e) {
            throw new CliFailure((keep.isEmpty() ? "--regenerate-bars: " : "--keep: ") + e.getMessage());
        }
        Primer first = new Primer(primer.tokens().slice(0, 1), primer.stepsPerBar(), primer.transposition(), primer.bpm());
        return new GenerationRequest(first, GenerationLength.steps(regeneration.steps()), request.numOutputs(),
                request.sampling().toBuilder().includePrimer(true).constraint(regeneration.constraint()).build(),
                request.bpm(), 0);
    }
}
