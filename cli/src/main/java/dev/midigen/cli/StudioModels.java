package dev.midigen.cli;

import dev.midigen.codec.encoding.DrumKitSpec;
import dev.midigen.codec.encoding.MelodySpec;
import dev.midigen.codec.encoding.PianoRollSpec;
import dev.midigen.codec.encoding.TrapTextSpec;
import dev.midigen.model.DrumVae;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.spi.Capability;
import dev.midigen.models.DefaultModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The models a studio serves, each loaded once and shared by every request (the backends' models are safe to use
 * from several threads; each generation opens its own decoders): the embedded ones, and the bundle folders directly in
 * a models folder, by folder name. A name is only ever looked up here, so no request reaches a path.
 */
final class StudioModels implements AutoCloseable {

    /**
     * A served model.
     *
     * @param name   what {@code model=} names
     * @param source {@code embedded} or the bundle's folder
     */
    record Served(String name, String source, ModelBundle bundle, SequenceModel model) {
        ModelSpec spec() {
            return bundle.spec();
        }

        /** drums, melody, piano or drum-vae: what the model writes. */
        String kind() {
            var encoding = spec().encoding();
            if (spec().family() instanceof DrumVae) {
                return "drum-vae";
            }
            if (encoding instanceof DrumKitSpec || encoding instanceof TrapTextSpec) {
                return "drums";
            }
            if (encoding instanceof MelodySpec) {
                return "melody";
            }
            return encoding instanceof PianoRollSpec ? "piano" : encoding.typeName();
        }

        boolean drumVae() {
            return spec().family() instanceof DrumVae;
        }

        /** A drum VAE that reads the hits it plays: it humanizes, it does not draw beats of its own. */
        boolean humanizerOnly() {
            return spec().family() instanceof DrumVae vae && vae.hitControls();
        }
    }

    private final Map<String, Served> models;
    private final GrooveFeel feel;

    private StudioModels(Map<String, Served> models, GrooveFeel feel) {
        this.models = Collections.unmodifiableMap(models);
        this.feel = feel;
    }

    /**
     * Loads the embedded models and every bundle directly in {@code folder} (null: none) on the best backend for each
     * (or {@code backend}); a folder that is no bundle, or cannot be loaded, is skipped with a line on {@code log}.
     */
    static StudioModels load(Path folder, String backend, PrintWriter log) throws IOException {
        Map<String, Served> models = new LinkedHashMap<>();
        try {
            for (String name : DefaultModels.NAMES) {
                ModelBundle bundle = DefaultModels.bundle(name);
                models.put(name, new Served(name, "embedded", bundle,
                        bundle.open(Engines.open(backend, Capability.SAMPLE, bundle.spec()))));
            }
            if (folder != null) {
                for (Path dir : bundleFolders(folder)) {
                    String name = dir.getFileName().toString();
                    if (models.containsKey(name)) {
                        log.println("midigen serve: skipping " + dir + ": '" + name + "' is an embedded model's name");
                        continue;
                    }
                    try {
                        ModelBundle bundle = ModelBundle.read(dir);
                        models.put(name, new Served(name, dir.toString(), bundle,
                                bundle.open(Engines.open(backend, Capability.SAMPLE, bundle.spec()))));
                    } catch (IOException | RuntimeException e) {
                        log.println("midigen serve: skipping " + dir + ": " + MidigenCli.oneLine(String.valueOf(e.getMessage())));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            models.values().forEach(served -> served.model().close());
            throw e;
        }
        Served groove = models.get(GrooveFeel.MODEL);
        return new StudioModels(models, groove != null ? GrooveFeel.of(groove.model()) : GrooveFeel.NONE);
    }

    /**
     * The folders directly in {@code folder} that hold a bundle ({@code bundle.json}) and whose name is a model's name:
     * real folders inside it only (no link leads out of it), sorted by name.
     */
    private static List<Path> bundleFolders(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new CliUsageFailure("--models " + folder + " is not a folder");
        }
        Path root = folder.toRealPath();
        List<Path> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && GenerateParams.MODEL_NAME.matcher(name).matches()
                        && !name.contains("..") && Files.isRegularFile(entry.resolve("bundle.json"))
                        && entry.toRealPath().startsWith(root)) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    /** The model of this name, if served. */
    Optional<Served> get(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** Every served model, the embedded first, then the folder's by name. */
    List<Served> all() {
        return List.copyOf(models.values());
    }

    /**
     * The drum VAE that draws {@code vae}'s beats: itself, or for the embedded humanizer {@code groove} the embedded
     * sampler ({@link DrumVaeRef#SAMPLER}), as {@code generate} does; empty when it only humanizes.
     */
    Optional<Served> beatSampler(Served vae) {
        if (!vae.humanizerOnly()) {
            return Optional.of(vae);
        }
        return vae.name().equals(GrooveFeel.MODEL) && vae.source().equals("embedded") ? get(DrumVaeRef.SAMPLER)
                : Optional.empty();
    }

    /** The drummer's feel {@code generate} gives drums by default: the embedded groove model, shared. */
    GrooveFeel feel() {
        return feel;
    }

    @Override
    public void close() {
        models.values().forEach(served -> served.model().close());
    }
}
