package dev.midigen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The studio's page and its scripts: a fixed list of files from the jar ({@code dev/midigen/cli/studio/}; the player's
 * scripts under {@code vendor/} are fetched from npm at build time), read once. A path is only ever looked up in
 * the list, so no request reads any other file.
 */
final class StudioPage {
    /** A file of the page: its bytes and content type. */
    record Asset(byte[] bytes, String type) {
    }

    private static final String ROOT = "/dev/midigen/cli/studio/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/studio.js", "studio.js",
            "/studio.css", "studio.css",
            "/vendor/Tone.js", "vendor/Tone.js",
            "/vendor/core.js", "vendor/core.js",
            "/vendor/midi-player.min.js", "vendor/midi-player.min.js",
            "/vendor/html-midi-player.LICENSE.txt", "vendor/html-midi-player.LICENSE.txt",
            "/vendor/tone.LICENSE.md", "vendor/tone.LICENSE.md");

    private final Map<String, Asset> assets;

    private StudioPage(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** The page's files found in the jar (a build without the player's scripts serves the page without them). */
    static StudioPage load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        FILES.forEach((path, file) -> {
            try (InputStream in = StudioPage.class.getResourceAsStream(ROOT + file)) {
                if (in != null) {
                    assets.put(path, new Asset(in.readAllBytes(), typeOf(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new StudioPage(assets);
    }

    Optional<Asset> get(String path) {
        return Optional.ofNullable(assets.get(path));
    }

    /** Whether the player's scripts are in the jar. */
    boolean hasPlayer() {
        return assets.containsKey("/vendor/midi-player.min.js");
    }

    private static String typeOf(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return file.endsWith(".md") ? "text/markdown; charset=utf-8" : "text/plain; charset=utf-8";
    }
}
