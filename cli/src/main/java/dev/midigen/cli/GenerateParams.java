package dev.midigen.cli;

import dev.midigen.model.generate.LoopForm;
import dev.midigen.model.generate.MelodyControls;
import dev.midigen.model.generate.Scale;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The options of the studio's {@code /api/generate} and {@code /api/render}: {@code generate}'s, with its defaults,
 * within the bounds a shared server keeps ({@code docs/serve.md}). Parsing checks each on its own and names it when it
 * cannot be used; what depends on the model (a style it knows, a key for a melody) is checked when it is generated.
 *
 * @param model       an embedded model's name or a bundle folder's name in the studio's models folder
 * @param bars        bars to write, 1..{@value #MAX_BARS}
 * @param bpm         the tempo, or null for the model's default (140, a piano roll's 120, a primer's own)
 * @param temperature the sampling temperature, or null for the default (1; a drum VAE's 0.5)
 * @param style       plain, trap or a style the model knows; null for none
 * @param humanize    drums: through the embedded groove model (generate's default) or left on the grid
 * @param loopForm    the loop form asked for, or null for free-running
 * @param melody      a melody's key, scale, range and onset grid (each null when not given)
 * @param kickPitch   the trap recipe's kick on this pitch, or null for the map's kick
 * @param keep        with a primer: redo it keeping these drum classes ({@code generate --keep}); empty for none
 * @param redoBars    with a primer: redo only these of its bars, from 1 ({@code --regenerate-bars}); empty for all
 * @param given       the names of the parameters the request gave (those that do not fit a model are refused)
 */
record GenerateParams(String model, int bars, Double bpm, Double temperature, long seed, String style, boolean humanize,
                      LoopForm loopForm, Melody melody, Integer kickPitch, List<String> keep,
                      List<Integer> redoBars, Set<String> given) {

    /** The most bars a request may ask for: 64 bars at 140 BPM play 1 min 50 s, a few seconds of a core's work. */
    static final int MAX_BARS = 64;
    /** Tempo bounds: every tempo a producer sets, and far from the 4..1000 BPM a MIDI file can hold. */
    static final double MIN_BPM = 20;
    static final double MAX_BPM = 400;
    /** The hottest temperature: beyond it every model's output is noise. */
    static final double MAX_TEMPERATURE = 5;
    /** A model's name: a folder's name, never a path. */
    static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Every parameter the generate endpoints take. */
    static final Set<String> NAMES = Set.of("model", "bars", "bpm", "temperature", "seed", "style", "humanize", "form",
            "loopBars", "phraseBars", "variation", "key", "scale", "range", "onsets", "kickPitch", "keep", "regenerateBars");
    /** The parameters of the loop form and of a melody's controls: a drum VAE takes none of them. */
    static final Set<String> TOKEN_ONLY = Set.of("form", "loopBars", "phraseBars", "variation", "key", "scale", "range",
            "onsets", "kickPitch", "keep", "regenerateBars");
    static final Set<String> MELODY_ONLY = Set.of("key", "scale", "range", "onsets");

    GenerateParams {
        keep = List.copyOf(keep);
        redoBars = List.copyOf(redoBars);
        given = Set.copyOf(given);
    }

    /**
     * The options of a request.
     *
     * @throws ApiFailure 400 naming the first parameter that cannot be used
     */
    static GenerateParams parse(ApiParams params) {
        String model = params.text("model") != null ? params.text("model") : "drums";
        if (!MODEL_NAME.matcher(model).matches() || model.contains("..")) {
            throw ApiFailure.badParameter("model", "a model's name is letters, digits, '.', '_' and '-' (an embedded"
                    + " model or a folder of the models folder, never a path), got '" + model + "'");
        }
        int bars = params.integer("bars", 8, 1, MAX_BARS);
        Double bpm = params.number("bpm", null, MIN_BPM, MAX_BPM);
        Double temperature = params.number("temperature", null, 0, MAX_TEMPERATURE);
        long seed = params.longValue("seed", 1);
        String style = params.text("style");
        boolean humanize = params.flag("humanize", true);
        Integer kickPitch = params.integer("kickPitch", null, 0, 127);
        LoopForm loopForm = formOf(params, seed);
        Melody melody = melodyOf(params);
        List<String> keep = params.text("keep") == null ? List.of()
                : Arrays.stream(params.text("keep").split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
        List<Integer> redoBars = new ArrayList<>();
        if (params.text("regenerateBars") != null) {
            for (String bar : params.text("regenerateBars").split(",")) {
                try {
                    redoBars.add(Integer.parseInt(bar.trim()));
                } catch (NumberFormatException e) {
                    throw ApiFailure.badParameter("regenerateBars", "takes bar numbers from 1, e.g. 2,4, got '"
                            + params.text("regenerateBars") + "'");
                }
            }
        }
        Set<String> given = new HashSet<>();
        for (String name : NAMES) {
            if (params.has(name)) {
                given.add(name);
            }
        }
        return new GenerateParams(model, bars, bpm, temperature, seed, style, humanize, loopForm, melody, kickPitch, keep,
                redoBars, given);
    }

    /** {@code generate}'s form options ({@link FormOptions}), each checked on its own first. */
    private static LoopForm formOf(ApiParams params, long seed) {
        FormOptions form = new FormOptions();
        form.form = params.choice("form", "loop", Set.of("loop", "free"));
        form.loopBars = params.integer("loopBars", form.loopBars, 1, 64);
        form.phraseBars = params.integer("phraseBars", form.phraseBars, 0, 64);
        form.variation = params.number("variation", null, 0, 1);
        try {
            return form.loopForm(seed);
        } catch (IllegalArgumentException e) {
            throw ApiFailure.badParameter("phraseBars", e.getMessage()); // the one check across options: phrase vs loop
        }
    }

    /** {@code generate}'s melody options ({@link MelodyOptions}), each checked on its own first. */
    private static Melody melodyOf(ApiParams params) {
        Melody melody = new Melody(params.text("key"), params.text("scale"), params.text("range"), params.text("onsets"));
        try {
            if (melody.key() != null) {
                MelodyControls.tonicOf(melody.key());
            }
        } catch (IllegalArgumentException e) {
            throw ApiFailure.badParameter("key", e.getMessage());
        }
        try {
            if (melody.scale() != null) {
                Scale.parse(melody.scale());
            }
        } catch (IllegalArgumentException e) {
            throw ApiFailure.badParameter("scale", e.getMessage());
        }
        checkAlone("range", melody.range(), alone -> alone.range = melody.range());
        checkAlone("onsets", melody.onsets(), alone -> alone.onsets = melody.onsets());
        return melody;
    }

    /** A melody option checked on its own, so its error names it ({@code range: …}). */
    private static void checkAlone(String name, String value, Consumer<MelodyOptions> set) {
        if (value == null) {
            return;
        }
        MelodyOptions alone = new MelodyOptions();
        set.accept(alone);
        try {
            alone.controls(4);
        } catch (IllegalArgumentException e) {
            throw ApiFailure.badParameter(name, e.getMessage().replaceFirst("^--" + name + " ", ""));
        }
    }

    /** Whether the primer is to be redone ({@code keep} or {@code regenerateBars}) rather than continued. */
    boolean redo() {
        return !keep.isEmpty() || !redoBars.isEmpty();
    }

    boolean gave(String name) {
        return given.contains(name);
    }

    /** A melody's options as given ({@code generate --key/--scale/--range/--onsets}), each null when not. */
    record Melody(String key, String scale, String range, String onsets) {
        boolean given() {
            return options().given();
        }

        /** The controls for a model of {@code stepsPerQuarter} steps a quarter, or null when none is asked for. */
        MelodyControls controls(int stepsPerQuarter) {
            return options().controls(stepsPerQuarter);
        }

        private MelodyOptions options() {
            MelodyOptions options = new MelodyOptions();
            options.key = key;
            options.scale = scale;
            options.range = range;
            options.onsets = onsets;
            return options;
        }
    }
}
