package dev.midigen.models;

import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.spi.Backend;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The models that ship inside midigen, read from the class path: {@code drums} (a drum RNN trained on
 * the Groove MIDI Dataset), {@code melody} (a lookback melody RNN trained on Irish folk tunes), {@code melody-pop}
 * (the same model trained on the MELODY tracks of POP909's pop songs), {@code groove} (a drum VAE that humanizes
 * beats: it reads the hits it plays) and {@code groove-4bar} (a 4-bar drum VAE autoencoder that draws beats from its
 * prior), both trained on the Groove MIDI Dataset. How they were trained is in
 * {@code docs/models.md}.
 *
 * <pre>{@code
 * try (SequenceModel drums = DefaultModels.open("drums", Backends.discover().open(null))) { … }
 * }</pre>
 */
public final class DefaultModels {
    /** The names of the embedded models. */
    public static final List<String> NAMES = List.of("drums", "melody", "melody-pop", "groove", "groove-4bar");

    private static final String ROOT = "/dev/midigen/models/";

    private DefaultModels() {
    }

    /** Whether {@code name} is an embedded model's name. */
    public static boolean isName(String name) {
        return NAMES.contains(name);
    }

    /**
     * The embedded bundle called {@code name}, checked like any bundle (format, checksum, fit).
     *
     * @throws NoSuchFileException when there is no embedded model of that name
     */
    public static ModelBundle bundle(String name) throws IOException {
        return inFolder(name, ModelBundle::read);
    }

    /** Reads something from a folder (which may live inside a jar and is only valid during the call). */
    public interface FolderReader<T> {
        T read(Path folder) throws IOException;
    }

    /**
     * Applies {@code reader} to the folder of the embedded model {@code name}: a plain folder when
     * running from classes, a folder inside the jar otherwise (open only during the call).
     *
     * @throws NoSuchFileException when there is no embedded model of that name
     */
    public static <T> T inFolder(String name, FolderReader<T> reader) throws IOException {
        URL url = isName(name) ? DefaultModels.class.getResource(ROOT + name + "/" + ModelBundle.BUNDLE_FILE) : null;
        if (url == null) {
            throw new NoSuchFileException(name, null, "no embedded model called " + name + " (embedded: "
                    + String.join(", ", NAMES) + ")");
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the embedded model " + name + ": " + url, e);
        }
        if (!"jar".equals(uri.getScheme())) {
            return reader.read(Path.of(uri).getParent());
        }
        // a file system of our own, not the provider's shared one: two threads reading embedded models at once must not
        // close each other's
        String raw = uri.getRawSchemeSpecificPart(); // file:/path/to.jar!/dev/midigen/models/NAME/bundle.json
        String text = uri.getSchemeSpecificPart();
        int bang = text.indexOf("!/");
        Path jarFile;
        try {
            jarFile = Path.of(new URI(raw.substring(0, raw.indexOf("!/"))));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot locate the jar of the embedded model " + name + ": " + url, e);
        }
        try (FileSystem jar = FileSystems.newFileSystem(jarFile, (ClassLoader) null)) {
            return reader.read(jar.getPath(text.substring(bang + 1)).getParent());
        }
    }

    /**
     * The spec of the embedded model {@code name}, read from its {@code bundle.json} alone (no weights): what
     * {@code --help} lists, such as a style-conditioned model's styles.
     *
     * @throws NoSuchFileException when there is no embedded model of that name
     */
    public static ModelSpec spec(String name) throws IOException {
        java.io.InputStream in = isName(name)
                ? DefaultModels.class.getResourceAsStream(ROOT + name + "/" + ModelBundle.BUNDLE_FILE) : null;
        if (in == null) {
            throw new NoSuchFileException(name, null, "no embedded model called " + name + " (embedded: "
                    + String.join(", ", NAMES) + ")");
        }
        try (in) {
            com.fasterxml.jackson.databind.JsonNode bundle = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            return ModelSpec.fromJson(bundle.path("spec").toString());
        }
    }

    /** The embedded model called {@code name} on {@code backend}. */
    public static SequenceModel open(String name, Backend backend) throws IOException {
        return bundle(name).open(backend);
    }
}
