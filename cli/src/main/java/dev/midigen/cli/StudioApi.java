package dev.midigen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's HTTP API ({@code docs/serve.md}): health, generate (GET, or POST with a primer), render and humanize.
 * Parsing and checking happen on the request's thread; model work goes through the {@link GenerationQueue}. Every
 * error is JSON, {@code {"error": "…"}}, naming the parameter at fault; a user's input never gets a 500.
 */
final class StudioApi implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StudioApi.class);
    /** The largest request body: a primer or a file to humanize (1 MB holds hundreds of bars of dense drums). */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** A body over the limit is still read (and dropped) up to this, so the client reads the 413 it is sent. */
    static final int MAX_DRAIN_BYTES = 16 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HUMANIZE_PARAMS = Set.of("model");

    private final StudioModels models;
    private final StudioGenerator generator;
    private final GenerationQueue queue;
    private final StudioPage page = StudioPage.load();

    StudioApi(StudioModels models, GenerationQueue queue) {
        this.models = models;
        this.generator = new StudioGenerator(models);
        this.queue = queue;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (ApiFailure failure) {
                if (failure.retryAfterSeconds() > 0) {
                    exchange.getResponseHeaders().set("Retry-After", Long.toString(failure.retryAfterSeconds()));
                }
                if (failure.status() == 413) {
                    exchange.getResponseHeaders().set("Connection", "close");
                }
                sendError(exchange, failure.status(), failure.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sendError(exchange, 503, "the studio is stopping");
            } catch (IOException e) {
                LOG.debug("{} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
                throw e; // the connection is gone: nothing to answer
            } catch (Exception | OutOfMemoryError e) {
                LOG.warn("{} {}: internal error", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                sendError(exchange, 500, "internal error (please report it): " + MidigenCli.oneLine(e.toString()));
            }
        }
    }

    private void route(HttpExchange exchange) throws Exception {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        String query = exchange.getRequestURI().getRawQuery();
        switch (path) {
            case "/api/health" -> {
                allow(method, "GET");
                ApiParams.parse(query, Set.of());
                sendJson(exchange, 200, health());
            }
            case "/api/generate" -> {
                allow(method, "GET", "POST");
                GenerateParams params = GenerateParams.parse(ApiParams.parse(query, GenerateParams.NAMES));
                generator.served(params.model());
                byte[] primer = method.equals("POST") ? body(exchange, "a primer MIDI file") : null;
                byte[] midi = queue.run(() -> generator.generate(params, primer));
                send(exchange, "audio/midi", fileName(params, "mid"), midi);
            }
            case "/api/render" -> {
                allow(method, "GET", "POST");
                if (method.equals("POST")) {
                    ApiParams.parse(query, Set.of());
                    byte[] midi = body(exchange, "a MIDI file to render");
                    send(exchange, "audio/wav", "rendered.wav", queue.run(() -> StudioGenerator.renderUpload(midi)));
                    return;
                }
                GenerateParams params = GenerateParams.parse(ApiParams.parse(query, GenerateParams.NAMES));
                generator.served(params.model());
                byte[] wav = queue.run(() -> StudioGenerator.render(generator.generate(params, null)));
                send(exchange, "audio/wav", fileName(params, "wav"), wav);
            }
            case "/api/humanize" -> {
                allow(method, "POST");
                ApiParams params = ApiParams.parse(query, HUMANIZE_PARAMS);
                String model = params.text("model") != null ? params.text("model") : GrooveFeel.MODEL;
                if (!GenerateParams.MODEL_NAME.matcher(model).matches() || model.contains("..")) {
                    throw ApiFailure.badParameter("model", "a model's name, never a path, got '" + model + "'");
                }
                generator.served(model);
                byte[] midi = body(exchange, "a drum MIDI file");
                send(exchange, "audio/midi", "humanized.mid", queue.run(() -> generator.humanize(model, midi)));
            }
            default -> {
                StudioPage.Asset asset = page.get(path).orElseThrow(() -> ApiFailure.notFound("no such path: " + path
                        + " (the page: /; the API: /api/health, /api/generate, /api/render, /api/humanize; docs/serve.md)"));
                allow(method, "GET");
                ApiParams.parse(query, Set.of());
                exchange.getResponseHeaders().set("Content-Type", asset.type());
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.sendResponseHeaders(200, asset.bytes().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(asset.bytes());
                }
            }
        }
    }

    private static void allow(String method, String... allowed) {
        if (!List.of(allowed).contains(method)) {
            throw ApiFailure.wrongMethod(method, String.join(" or ", allowed));
        }
    }

    /**
     * The request's body, at most {@link #MAX_BODY_BYTES}. A longer one is refused: read on and dropped up to
     * {@link #MAX_DRAIN_BYTES}, so the client, still sending, can read the 413; beyond that the connection is closed.
     */
    private static byte[] body(HttpExchange exchange, String what) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw ApiFailure.badRequest("Content-Length is no number: " + declared);
            }
        }
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (InputStream in = exchange.getRequestBody()) {
            if (length > MAX_DRAIN_BYTES) {
                throw tooLarge(what);
            }
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total <= MAX_BODY_BYTES) {
                    read.write(buffer, 0, n);
                } else if (total > MAX_DRAIN_BYTES) {
                    break;
                }
            }
            if (total > MAX_BODY_BYTES) {
                throw tooLarge(what);
            }
        }
        if (read.size() == 0) {
            throw ApiFailure.badRequest("the body is empty; it should be " + what);
        }
        return read.toByteArray();
    }

    private static ApiFailure tooLarge(String what) {
        return ApiFailure.tooLarge("the body is larger than " + MAX_BODY_BYTES + " bytes (1 MB), the most the studio"
                + " reads as " + what);
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "ok");
        health.put("models", models.all().stream().map(StudioApi::describe).toList());
        health.put("workers", queue.workers());
        health.put("queue", Map.of("capacity", queue.capacity(), "waiting", queue.waiting()));
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("bars", GenerateParams.MAX_BARS);
        limits.put("bpm", List.of(GenerateParams.MIN_BPM, GenerateParams.MAX_BPM));
        limits.put("temperature", GenerateParams.MAX_TEMPERATURE);
        limits.put("bodyBytes", MAX_BODY_BYTES);
        limits.put("primerBars", StudioGenerator.MAX_PRIMER_BARS);
        limits.put("humanizeBars", StudioGenerator.MAX_HUMANIZE_BARS);
        limits.put("renderMinutes", StudioGenerator.MAX_RENDER_MINUTES);
        health.put("limits", limits);
        health.put("player", page.hasPlayer());
        return health;
    }

    private static Map<String, Object> describe(StudioModels.Served served) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", served.name());
        model.put("kind", served.kind());
        model.put("family", served.spec().family().typeName());
        model.put("source", served.source());
        model.put("backend", served.model().backend());
        model.put("styles", served.spec().controls() == null ? List.of() : served.spec().controls().styles());
        model.put("generates", !served.humanizerOnly() || served.name().equals(GrooveFeel.MODEL));
        return model;
    }

    private static String fileName(GenerateParams params, String extension) {
        return params.model() + "-seed" + params.seed() + "." + extension;
    }

    private static void send(HttpExchange exchange, String type, String fileName, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Content-Disposition", "inline; filename=\"" + fileName + "\"");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sendJson(HttpExchange exchange, int status, Object value) throws IOException {
        byte[] body = JSON.writeValueAsBytes(value);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        if (status == 405) {
            String path = exchange.getRequestURI().getRawPath();
            exchange.getResponseHeaders().set("Allow", switch (path) {
                case "/api/generate", "/api/render" -> "GET, POST";
                case "/api/humanize" -> "POST";
                default -> "GET";
            });
        }
        sendJson(exchange, status, Map.of("error", message));
    }
}
