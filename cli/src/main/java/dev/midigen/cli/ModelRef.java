package dev.midigen.cli;

import dev.midigen.models.DefaultModels;
import dev.midigen.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code --model} names in the commands that read a model: an embedded model's name or a bundle folder. */
final class ModelRef {
    private ModelRef() {
    }

    /** The bundle: {@code drums} / {@code melody} (unless a folder of that name exists here), else the folder. */
    static ModelBundle read(String value) throws IOException {
        if (DefaultModels.isName(value) && !Files.exists(Path.of(value))) {
            return DefaultModels.bundle(value);
        }
        return ModelBundle.read(Path.of(value));
    }
}
