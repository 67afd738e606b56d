package dev.midigen.cli;

import dev.midigen.model.Controls;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.generate.Conditioning;
import dev.midigen.models.DefaultModels;
import java.io.IOException;
import picocli.CommandLine;

/**
 * {@code generate --style}: the styles a style-conditioned model knows ({@link Controls}), in {@code --help}'s footer
 * for the embedded drums, and a style checked against a model's vocabulary.
 */
final class StyleHelp implements CommandLine.IModelTransformer {

    @Override
    public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec command) {
        command.usageMessage().footer("%nStyles of the embedded drums (--style): " + embeddedStyles()
                + "; plain and trap work with any drum model.");
        return command;
    }

    /** The embedded drums' styles in words (read from its bundle's spec only). */
    static String embeddedStyles() {
        try {
            Controls controls = DefaultModels.spec("drums").controls();
            return controls == null ? "none (it is not style-conditioned)" : controls.known();
        } catch (IOException | RuntimeException e) {
            return "unknown (the embedded drums cannot be read: " + e.getMessage() + ")";
        }
    }

    /**
     * The conditioning of {@code --style STYLE} (null: none) for {@code spec}'s model.
     *
     * @throws CommandLine.ParameterException for a style the model does not know, listing those it does
     */
    static Conditioning conditioning(String style, ModelSpec spec, CommandLine commandLine) {
        if (style == null) {
            return Conditioning.NONE;
        }
        Controls controls = spec.controls();
        Conditioning conditioning = Conditioning.style(style);
        if (controls == null || !controls.knows(conditioning.style())) {
            throw new CommandLine.ParameterException(commandLine, "--style " + style + ": this model knows plain, trap"
                    + (controls == null || controls.styles().isEmpty() ? " (it is not style-conditioned)"
                    : " and its styles " + controls.known()));
        }
        return conditioning;
    }
}
