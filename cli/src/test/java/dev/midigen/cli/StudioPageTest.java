package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.smf.SmfReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio's page in a real browser: headless Chromium (Debian's {@code chromium}; skipped where there is none) opens
 * it, chooses a seed, clicks Generate, waits for the player to load the MIDI, checks the piano roll drew notes and
 * that the take's MIDI download parses, regenerates the take keeping its kick and snare, and checks that the page asked
 * no other host for anything. A screenshot goes to
 * {@code target/studio.png} ({@code docs/studio.png} is one).
 */
class StudioPageTest {

    @TempDir
    Path dir;

    @Test
    void generateInTheBrowserPlaysAndDrawsTheBeatAndAsksNoOtherHost() throws Exception {
        Optional<Path> chromium = DevTools.findChromium();
        Assumptions.assumeTrue(chromium.isPresent(), "no Chromium here (apt-get install chromium; or -Dmidigen.chromium)");
        try (StudioModels models = StudioModels.load(null, null, new PrintWriter(new StringWriter()));
             StudioServer server = StudioServer.start("127.0.0.1", 0, models, 2, 8);
             DevTools browser = DevTools.start(chromium.get(), dir.resolve("profile"))) {
            String origin = server.url().toString().replaceAll("/$", "");
            browser.call("Network.enable", Map.of());
            browser.call("Page.enable", Map.of());
            browser.call("Page.navigate", Map.of("url", server.url().toString()));
            browser.waitFor("document.querySelectorAll('#model option').length > 0", Duration.ofSeconds(30));
            assertThat(browser.evaluate("document.getElementById('status').textContent").asText()).startsWith("ready");
            assertThat(browser.evaluate("typeof core === 'object' && !!customElements.get('midi-player')"
                    + " && !!customElements.get('midi-visualizer')").asBoolean()).isTrue();

            browser.evaluate("document.getElementById('seed').value = '7'; document.getElementById('bars').value = '4';"
                    + " document.getElementById('style').value = 'trap'; document.getElementById('generate').click(); true");
            browser.waitFor("window.studio.takes.length === 1 && window.studio.loaded >= 1", Duration.ofSeconds(60));
            browser.waitFor("document.querySelectorAll('#visualizer svg rect').length > 0", Duration.ofSeconds(30));
            int drawn = browser.evaluate("document.querySelectorAll('#visualizer svg rect').length").asInt();
            int notes = browser.evaluate("window.studio.takes[0].notes").asInt();
            assertThat(drawn).isGreaterThanOrEqualTo(notes).isGreaterThan(20);

            // the take's MIDI download, as the browser would save it
            String base64 = browser.evaluate("fetch(document.querySelector('#downloads a.download-midi').href)"
                    + ".then(r => r.arrayBuffer()).then(b => { let s = ''; new Uint8Array(b).forEach(x => s +="
                    + " String.fromCharCode(x)); return btoa(s); })").asText();
            byte[] midi = Base64.getDecoder().decode(base64);
            NoteSequence parsed = MidiToNotes.convert(SmfReader.strict().read(midi).file()).sequence();
            assertThat(parsed.notes()).hasSize(notes);
            assertThat(browser.evaluate("document.querySelector('#downloads a.download-wav').getAttribute('href')").asText())
                    .isEqualTo("api/render?model=drums&bars=4&seed=7&style=trap");

            // regenerate the take keeping its kick and snare: the take goes back as a primer with keep=kick,snare
            browser.evaluate("document.getElementById('regenerate').click(); true");
            browser.waitFor("window.studio.takes.length === 2 && window.studio.loaded >= 2", Duration.ofSeconds(60));
            assertThat(browser.evaluate("window.studio.takes[1].name").asText()).isEqualTo("drums-seed7-trap-keep-kick-snare");
            assertThat(browser.evaluate("window.studio.takes[1].notes").asInt()).isPositive();
            assertThat(browser.evaluate("document.querySelectorAll('#takes li').length").asInt()).isEqualTo(2);
            // its WAV: the take's own bytes rendered by POST /api/render, saved from a blob
            browser.evaluate("document.querySelector('#downloads a.download-wav').click(); true");
            browser.waitFor("document.querySelector('#downloads a.download-wav').href.startsWith('blob:')",
                    Duration.ofSeconds(60));
            assertThat(browser.evaluate("fetch(document.querySelector('#downloads a.download-wav').href)"
                    + ".then(r => r.arrayBuffer()).then(b => String.fromCharCode(...new Uint8Array(b.slice(0, 4))))")
                    .asText()).isEqualTo("RIFF");

            String screenshot = browser.call("Page.captureScreenshot", Map.of("format", "png")).path("data").asText();
            Path png = Path.of("target", "studio.png");
            Files.createDirectories(png.getParent());
            Files.write(png, Base64.getDecoder().decode(screenshot));

            assertThat(browser.requests()).isNotEmpty().allSatisfy(url -> assertThat(url).satisfiesAnyOf(
                    u -> assertThat(u).startsWith(origin + "/"), u -> assertThat(u).startsWith("blob:" + origin + "/"),
                    u -> assertThat(u).startsWith("data:")));
            assertThat(browser.requests()).contains(origin + "/vendor/core.js", origin + "/api/health")
                    .anyMatch(u -> u.startsWith(origin + "/api/generate?"))
                    .anyMatch(u -> u.startsWith(origin + "/api/generate?") && u.contains("keep=kick%2Csnare"));
        }
    }
}
