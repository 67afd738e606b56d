package dev.midigen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.midigen.codec.encoding.GrooveSpec;
import dev.midigen.codec.music.MidiToNotes;
import dev.midigen.codec.music.Note;
import dev.midigen.codec.music.NoteSequence;
import dev.midigen.codec.smf.SmfReader;
import dev.midigen.model.DrumVae;
import dev.midigen.model.GrooveTransform;
import dev.midigen.model.ModelSpec;
import dev.midigen.model.SequenceModel;
import dev.midigen.model.bundle.ModelBundle;
import dev.midigen.model.bundle.Provenance;
import dev.midigen.model.reference.JavaBackend;
import dev.midigen.model.weights.CanonicalLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code midigen serve}'s API over real HTTP: one studio (the embedded models and a models folder with a small drum
 * VAE, a link leading out of it and a folder named like an embedded model) on an ephemeral loopback port, shared by
 * the tests; each endpoint, every class of bad input, determinism and the same bytes as {@code generate}, and load.
 */
class ServeCommandTest {

    @TempDir
    static Path dir;

    private static StudioModels models;
    private static StudioServer server;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("models"));
        vaeBundle(folder.resolve("tiny-vae"));
        vaeBundle(folder.resolve("drums")); // an embedded model's name: skipped
        Path outside = Files.createDirectories(dir.resolve("outside"));
        vaeBundle(outside.resolve("escape"));
        Files.createSymbolicLink(folder.resolve("escape"), outside.resolve("escape")); // leads out of the folder: skipped
        Files.createDirectories(folder.resolve("not-a-bundle"));
        StringWriter log = new StringWriter();
        models = StudioModels.load(folder, null, new PrintWriter(log, true));
        assertThat(log.toString()).contains("'drums' is an embedded model's name");
        server = StudioServer.start("127.0.0.1", 0, models, Runtime.getRuntime().availableProcessors(), 32);
        base = server.url();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (models != null) {
            models.close();
        }
    }

    private static void vaeBundle(Path folder) throws IOException {
        ModelSpec spec = new ModelSpec(new DrumVae(List.of(6), 4, List.of(8), 2, 0.2, 1, GrooveTransform.HUMANIZE),
                GrooveSpec.GROOVAE, 4);
        try (SequenceModel model = new JavaBackend().fromWeights(spec, CanonicalLayout.initial(spec, 4))) {
            ModelBundle.of(model, Provenance.imported("java", "test", 4, "ServeCommandTest"), Map.of()).write(folder, false);
        }
    }

    private static HttpResponse<byte[]> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> post(String pathAndQuery, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> send(String method, String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static NoteSequence notes(byte[] midi) throws IOException {
        return MidiToNotes.convert(SmfReader.strict().read(midi).file()).sequence();
    }

    /** Bars up to the last note's start (a humanized note may end a little past the bar line). */
    private static long bars(NoteSequence notes) {
        return notes.meterMap().barAt(notes.notes().stream().mapToLong(Note::startTick).max().orElse(0)) + 1;
    }

    /** The response is a 4xx JSON error whose message starts with {@code parameter}. */
    private static void assertError(HttpResponse<byte[]> response, int status, String parameter) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(text(response)).startsWith("{\"error\":\"" + parameter);
    }

    @Test
    void healthListsTheModelsLoadedOnceIncludingTheFoldersBundlesButNoneOutsideIt() throws Exception {
        HttpResponse<byte[]> response = get("/api/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        String body = text(response);
        assertThat(body).startsWith("{\"status\":\"ok\"");
        for (String name : List.of("drums", "melody", "melody-pop", "groove", "groove-4bar", "tiny-vae")) {
            assertThat(body).contains("\"name\":\"" + name + "\"");
        }
        assertThat(body).doesNotContain("escape").doesNotContain("not-a-bundle");
        assertThat(models.get("drums").orElseThrow().source()).isEqualTo("embedded");
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void generateGivesAMidiFileOfTheBarsAskedForTheSameForASeedAndAnotherForAnotherSeed() throws Exception {
        HttpResponse<byte[]> first = get("/api/generate?bars=4&seed=11");
        assertThat(first.statusCode()).as(text(first)).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).contains("audio/midi");
        NoteSequence notes = notes(first.body());
        assertThat(bars(notes)).isEqualTo(4);
        assertThat(notes.notes()).isNotEmpty().allMatch(Note::drum);
        assertThat(get("/api/generate?bars=4&seed=11").body()).isEqualTo(first.body());
        assertThat(get("/api/generate?bars=4&seed=12").body()).isNotEqualTo(first.body());

        HttpResponse<byte[]> tune = get("/api/generate?model=melody&bars=4&key=G&scale=minor&seed=3&bpm=100");
        assertThat(tune.statusCode()).as(text(tune)).isEqualTo(200);
        assertThat(notes(tune.body()).notes()).isNotEmpty().noneMatch(Note::drum);
        HttpResponse<byte[]> groove = get("/api/generate?model=groove&bars=2&seed=5");
        assertThat(groove.statusCode()).as(text(groove)).isEqualTo(200);
        assertThat(bars(notes(groove.body()))).isEqualTo(2);
        assertThat(get("/api/generate?model=tiny-vae&bars=2").statusCode()).isEqualTo(200);
    }

    @Test
    void generateWritesTheSameBytesAsTheGenerateCommandForTheSameOptions() throws Exception {
        List<List<String>> cases = List.of(
                List.of("seed=7", "--seed", "7"),
                List.of("seed=3&bars=4&style=trap&bpm=150", "--seed", "3", "--bars", "4", "--style", "trap", "--bpm", "150"),
                List.of("seed=5&style=funk&humanize=false&form=free", "--seed", "5", "--style", "funk", "--no-humanize",
                        "--form", "free"),
                List.of("model=melody&seed=2&key=D&scale=dorian&onsets=8th", "--model", "melody", "--seed", "2", "--key",
                        "D", "--scale", "dorian", "--onsets", "8th"),
                List.of("model=groove&seed=9&bars=4&temperature=0.7", "--model", "groove", "--seed", "9", "--bars", "4",
                        "--temperature", "0.7"));
        int i = 0;
        for (List<String> c : cases) {
            Path out = dir.resolve("cli-" + i++ + ".mid");
            List<String> args = new ArrayList<>(List.of("generate", "--out", out.toString()));
            args.addAll(c.subList(1, c.size()));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
            HttpResponse<byte[]> served = get("/api/generate?" + c.get(0));
            assertThat(served.statusCode()).as(text(served)).isEqualTo(200);
            assertThat(served.body()).as(c.get(0)).isEqualTo(Files.readAllBytes(out));
        }
        // a primer continued, and redone keeping its kick and snare (generate --primer-midi, --keep)
        Path primer = dir.resolve("primer.mid");
        Files.write(primer, get("/api/generate?bars=4&seed=8&humanize=false").body());
        List<List<String>> primed = List.of(
                List.of("seed=5&bars=4", "--seed", "5", "--bars", "4"),
                List.of("seed=4&keep=kick,snare", "--seed", "4", "--keep", "kick,snare"),
                List.of("seed=6&regenerateBars=2,4&humanize=false", "--seed", "6", "--regenerate-bars", "2,4",
                        "--no-humanize"));
        for (List<String> c : primed) {
            Path out = dir.resolve("cli-" + i++ + ".mid");
            List<String> args = new ArrayList<>(List.of("generate", "--primer-midi", primer.toString(), "--out",
                    out.toString()));
            args.addAll(c.subList(1, c.size()));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
            HttpResponse<byte[]> served = post("/api/generate?" + c.get(0), Files.readAllBytes(primer));
            assertThat(served.statusCode()).as(text(served)).isEqualTo(200);
            assertThat(served.body()).as(c.get(0)).isEqualTo(Files.readAllBytes(out));
        }
        assertError(post("/api/generate?keep=banjo", Files.readAllBytes(primer)), 400, "keep");
        assertError(post("/api/generate?keep=kick&bars=4", Files.readAllBytes(primer)), 400, "keep");
        assertError(post("/api/generate?model=melody&keep=kick", Files.readAllBytes(primer)), 400, "keep");
    }

    @Test
    void renderGivesAWaveFileOfThePiece() throws Exception {
        HttpResponse<byte[]> response = get("/api/render?bars=2&seed=4&bpm=120");
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("audio/wav");
        byte[] wav = response.body();
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        // 2 bars at 120 BPM: 4 s of music, 3-4 s of release, at 44.1 kHz 16-bit stereo
        assertThat(wav.length).isBetween(44 + 7 * 176_400, 44 + 9 * 176_400);
        assertError(get("/api/render?bars=64&bpm=20"), 400, "bars");
        HttpResponse<byte[]> upload = post("/api/render", get("/api/generate?bars=2&seed=4&bpm=120").body());
        assertThat(upload.statusCode()).as(text(upload)).isEqualTo(200);
        assertThat(upload.body()).isEqualTo(wav); // the same piece, rendered from its bytes
        assertError(post("/api/render", "not MIDI".getBytes(StandardCharsets.US_ASCII)), 400, "the body");
        assertError(post("/api/render", HostileMidi.lasting(100_000)), 400, "the body plays longer");
    }

    @Test
    void humanizeKeepsEveryNoteAndGivesThemADrummersFeel() throws Exception {
        byte[] grid = get("/api/generate?bars=4&seed=21&humanize=false").body();
        HttpResponse<byte[]> response = post("/api/humanize", grid);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("audio/midi");
        NoteSequence before = notes(grid);
        NoteSequence after = notes(response.body());
        assertThat(after.notes()).hasSameSizeAs(before.notes());
        assertThat(after.notes().stream().map(Note::velocity).distinct().count())
                .isGreaterThan(before.notes().stream().map(Note::velocity).distinct().count());
        assertThat(post("/api/humanize", grid).body()).isEqualTo(response.body());
        assertThat(post("/api/humanize?model=tiny-vae", Files.readAllBytes(Path.of("samples/boom-bap.mid"))).statusCode())
                .isEqualTo(200);
        assertError(post("/api/humanize?model=melody", grid), 400, "model");
        assertError(post("/api/humanize?model=nope", grid), 404, "model");
    }

    @Test
    void postGenerateContinuesAPrimer() throws Exception {
        byte[] primer = get("/api/generate?bars=2&seed=8&humanize=false").body();
        HttpResponse<byte[]> response = post("/api/generate?bars=4&seed=8", primer);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        NoteSequence notes = notes(response.body());
        assertThat(bars(notes)).isGreaterThanOrEqualTo(4);
        assertThat(post("/api/generate?bars=4&seed=8", primer).body()).isEqualTo(response.body());
        byte[] tune = get("/api/generate?model=melody&bars=2&seed=8").body();
        assertThat(post("/api/generate?model=melody&bars=4", tune).statusCode()).isEqualTo(200);

        assertError(post("/api/generate", "not a MIDI file".getBytes(StandardCharsets.US_ASCII)), 400, "the primer");
        assertError(post("/api/generate?model=groove", primer), 400, "groove is a drum VAE");
    }

    @Test
    void everyBadParameterIsA400NamingIt() throws Exception {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("bars=abc", "bars"), Map.entry("bars=0", "bars"), Map.entry("bars=65", "bars"),
                Map.entry("bars=99999999999999999999", "bars"), Map.entry("bpm=fast", "bpm"), Map.entry("bpm=1000", "bpm"),
                Map.entry("bpm=NaN", "bpm"), Map.entry("temperature=-1", "temperature"),
                Map.entry("temperature=0", "temperature"), Map.entry("temperature=Infinity", "temperature"),
                Map.entry("seed=1.5", "seed"), Map.entry("humanize=maybe", "humanize"), Map.entry("form=jazz", "form"),
                Map.entry("loopBars=0", "loopBars"), Map.entry("phraseBars=3&loopBars=4", "phraseBars"),
                Map.entry("variation=2", "variation"), Map.entry("model=melody&key=H", "key"),
                Map.entry("model=melody&scale=blue", "scale"), Map.entry("model=melody&range=60", "range"),
                Map.entry("model=melody&onsets=5th", "onsets"), Map.entry("key=C", "key"),
                Map.entry("style=polka", "style"), Map.entry("model=melody&style=trap", "style"),
                Map.entry("kickPitch=36", "kickPitch"), Map.entry("style=trap&kickPitch=128", "kickPitch"),
                Map.entry("model=groove&form=free", "form"), Map.entry("model=groove&humanize=false", "humanize"),
                Map.entry("color=red", "color"), Map.entry("bars=4&bars=8", "bars"),
                Map.entry("model=..%2F..%2Fetc%2Fpasswd", "model"), Map.entry("model=../models/drums", "model"),
                Map.entry("model=%2Ftmp", "model"), Map.entry("model=..", "model"), Map.entry("keep=kick", "keep"),
                Map.entry("regenerateBars=two", "regenerateBars"), Map.entry("regenerateBars=0", "regenerateBars"),
                Map.entry("model=groove&keep=kick", "keep"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertError(get("/api/generate?" + c.getKey()), 400, c.getValue());
        }
        assertError(get("/api/render?bars=x"), 400, "bars");
        // what java.net.URI will not send: bad %-encoding
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> ApiParams.parse("bars=%zz", Set.of("bars")),
                ApiFailure.class)).satisfies(e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("bars: bad %-encoding");
                });
        assertError(get("/api/health?x=1"), 400, "x");
    }

    @Test
    void anUnknownModelOrPathIs404AndAWrongMethod405() throws Exception {
        assertError(get("/api/generate?model=nope"), 404, "model");
        assertError(get("/api/generate?model=escape"), 404, "model"); // a link out of the models folder is not served
        assertError(get("/api/render?model=not-a-bundle"), 404, "model");
        assertError(get("/api/nothing"), 404, "no such path");
        assertError(get("/../etc/passwd"), 404, "no such path");
        HttpResponse<byte[]> delete = send("DELETE", "/api/generate");
        assertError(delete, 405, "DELETE");
        assertThat(delete.headers().firstValue("Allow")).contains("GET, POST");
        assertError(send("POST", "/api/health"), 405, "POST");
        assertError(get("/api/humanize"), 405, "GET");
        HttpResponse<byte[]> put = send("PUT", "/api/render");
        assertError(put, 405, "PUT");
        assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
    }

    @Test
    void bodiesAreBoundedAndHostileFilesNeverGetA500() throws Exception {
        byte[] oversize = new byte[StudioApi.MAX_BODY_BYTES + 1];
        assertError(post("/api/humanize", oversize), 413, "the body");
        assertError(post("/api/generate", oversize), 413, "the body");
        assertError(post("/api/generate", new byte[8 << 20]), 413, "the body");
        assertError(post("/api/generate", new byte[0]), 400, "the body");
        assertError(post("/api/humanize", new byte[0]), 400, "the body");
        List<byte[]> hostile = List.of(HostileMidi.smpte(), HostileMidi.tempoZero(), HostileMidi.format2(),
                HostileMidi.damaged(), HostileMidi.longNote(), HostileMidi.lasting(100_000), new byte[]{'M', 'T', 'h', 'd'},
                Arrays.copyOf("MThd".getBytes(StandardCharsets.US_ASCII), 1000));
        for (byte[] file : hostile) {
            for (String path : List.of("/api/humanize", "/api/generate", "/api/generate?model=melody", "/api/render")) {
                HttpResponse<byte[]> response = post(path, file);
                assertThat(response.statusCode()).as(path + ": " + text(response)).isLessThan(500);
            }
        }
    }

    @Test
    void twentyConcurrentGenerationsAreAllAnswered() throws Exception {
        int requests = 20;
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        try {
            List<Callable<long[]>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int seed = 100 + i;
                calls.add(() -> {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = get("/api/generate?seed=" + seed);
                    return new long[]{response.statusCode(), System.nanoTime() - start, response.body().length};
                });
            }
            long start = System.nanoTime();
            List<Future<long[]>> answers = clients.invokeAll(calls);
            double wall = (System.nanoTime() - start) / 1e9;
            double[] seconds = new double[requests];
            for (int i = 0; i < requests; i++) {
                long[] answer = answers.get(i).get();
                assertThat(answer[0]).isEqualTo(200);
                assertThat(answer[2]).isGreaterThan(100);
                seconds[i] = answer[1] / 1e9;
            }
            Arrays.sort(seconds);
            System.out.printf(Locale.ROOT, "serve: %d concurrent 8-bar beats on %d cores, %d workers: p50 %.2f s, p95 %.2f s,"
                            + " max %.2f s, all in %.2f s%n", requests, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors(), seconds[requests / 2 - 1],
                    seconds[(int) Math.ceil(0.95 * requests) - 1], seconds[requests - 1], wall);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void overTheQueuesLimitRequestsGet503WithRetryAfter() throws Exception {
        try (StudioServer small = StudioServer.start("127.0.0.1", 0, models, 1, 1)) {
            URI url = small.url();
            int requests = 8;
            ExecutorService clients = Executors.newFixedThreadPool(requests);
            try {
                List<Callable<HttpResponse<byte[]>>> calls = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    int seed = i;
                    calls.add(() -> HTTP.send(HttpRequest.newBuilder(url.resolve("/api/generate?bars=32&seed=" + seed))
                            .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofByteArray()));
                }
                List<HttpResponse<byte[]>> answers = new ArrayList<>();
                for (Future<HttpResponse<byte[]>> f : clients.invokeAll(calls)) {
                    answers.add(f.get());
                }
                List<HttpResponse<byte[]>> refused = answers.stream().filter(r -> r.statusCode() == 503).toList();
                assertThat(answers).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 503);
                assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isGreaterThanOrEqualTo(2);
                assertThat(refused).isNotEmpty();
                for (HttpResponse<byte[]> r : refused) {
                    assertThat(r.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                            s -> assertThat(s).isPositive());
                    assertThat(text(r)).startsWith("{\"error\":\"the studio is busy");
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void theServeCommandPrintsItsLoopbackUrlAndStopsWhenInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MidigenCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int[] code = {-1};
        Thread serving = new Thread(() -> code[0] = cli.execute("serve", "--port", "0", "--workers", "1"));
        serving.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!out.toString().contains("midigen studio: ") && System.nanoTime() < deadline && serving.isAlive()) {
            Thread.sleep(100);
        }
        String printed = out.toString();
        assertThat(printed).as(err.toString()).matches("(?s)midigen studio: http://127\\.0\\.0\\.1:\\d+/ \\(5 models, 1"
                + " workers.*");
        URI url = URI.create(printed.substring("midigen studio: ".length(), printed.indexOf(' ', 20)));
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(url.resolve("/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        serving.interrupt();
        serving.join(30_000);
        assertThat(serving.isAlive()).isFalse();
        assertThat(code[0]).isZero();
        assertThat(out.toString()).contains("stopped");

        CliRun bad = CliRun.of("serve", "--port", "70000");
        assertThat(bad.exitCode()).isEqualTo(MidigenCli.USAGE);
        assertThat(bad.err()).contains("--port takes 0 to 65535");
    }
}
