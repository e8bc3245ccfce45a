package io.audioinsight.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.mediatype.ContentAnalyser;
import io.vertx.openapi.mediatype.ContentAnalyserFactory;
import io.vertx.openapi.mediatype.MediaTypeRegistration;
import io.vertx.openapi.mediatype.MediaTypeRegistry;
import io.vertx.openapi.validation.ValidationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI contract ({@code openapi.yaml} on the class path), read once at start-up and checked by vertx-openapi
 * against the OpenAPI 3.1 schema, so a broken contract stops the service instead of being served. It is served
 * as YAML (the file as kept in the repository) and as JSON.
 */
public final class ApiContract {

  public static final String RESOURCE = "openapi.yaml";

  private final OpenAPIContract contract;
  private final Buffer yaml;
  private final Buffer json;

  private ApiContract(OpenAPIContract contract, Buffer yaml, Buffer json) {
    this.contract = contract;
    this.yaml = yaml;
    this.json = json;
  }

  /**
   * {@link #load} on a worker: parsing the YAML and checking it against the OpenAPI schema take a few hundred
   * milliseconds of CPU at start-up, and vertx-openapi continues on the caller's context, which after a cluster join
   * (or from a plain thread) is an event loop. A short-lived worker verticle gives it a worker context instead.
   */
  public static Future<ApiContract> loadOnWorker(Vertx vertx) {
    java.util.concurrent.atomic.AtomicReference<ApiContract> loaded = new java.util.concurrent.atomic.AtomicReference<>();
    return vertx.deployVerticle(new io.vertx.core.VerticleBase() {
      @Override
      public Future<?> start() {
        return load(vertx).onSuccess(loaded::set);
      }
    }, new io.vertx.core.DeploymentOptions().setThreadingModel(io.vertx.core.ThreadingModel.WORKER))
        .compose(id -> vertx.undeploy(id))
        .map(v -> loaded.get());
  }

  /** Reads and validates the contract; call it off the event loops (it reads a class-path resource). */
  public static Future<ApiContract> load(Vertx vertx) {
    byte[] raw = readResource();
    JsonObject document;
    try {
      Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(raw,
          java.nio.charset.StandardCharsets.UTF_8));
      // Round-trip through JSON text, so nested maps and lists become JsonObject and JsonArray throughout.
      document = new JsonObject(new JsonObject(tree).encode());
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalStateException(RESOURCE + " is not valid YAML: " + e.getMessage(), e));
    }
    // Encoded before the build: vertx-openapi annotates the objects it is given while resolving references.
    Buffer json = document.toBuffer();
    return OpenAPIContract.builder(vertx).setContract(document.copy()).mediaTypeRegistry(mediaTypes()).build()
        .map(c -> new ApiContract(c, Buffer.buffer(raw), json))
        .recover(e -> Future.failedFuture(new IllegalStateException(
            RESOURCE + " is not a valid OpenAPI 3.1 document: " + deepestCause(e), e)));
  }

  /** vertx-openapi nests the schema errors; the innermost one names the offending place in the document. */
  private static String deepestCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " / " + t.getMessage();
  }

  /**
   * The media types the contract names. vertx-openapi knows JSON, multipart, text and octet-stream; problems are
   * JSON too, and the audio bodies, the pages and the YAML are opaque to it (nothing to check beyond their schema).
   */
  public static MediaTypeRegistry mediaTypes() {
    return MediaTypeRegistry.createDefault()
        .register(new Registration(List.of("application/problem+json"), ContentAnalyserFactory.json()))
        .register(new Registration(List.of("audio/*", "application/ogg", "video/webm", "video/mp4", "text/html",
            "application/yaml"), ContentAnalyserFactory.noop()));
  }

  /** The parsed contract, for tests that validate responses against it. */
  public OpenAPIContract contract() {
    return contract;
  }

  public Buffer yaml() {
    return yaml;
  }

  public Buffer json() {
    return json;
  }

  /** A fresh copy of the document as JSON, as served (vertx-openapi's own copy carries its resolution notes). */
  public JsonObject document() {
    return new JsonObject(json);
  }

  private static byte[] readResource() {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Media types read by one of vertx-openapi's analysers; {@code audio/*} stands for any audio type. */
  private record Registration(List<String> types, ContentAnalyserFactory analyser) implements MediaTypeRegistration {

    @Override
    public ContentAnalyser createContentAnalyser(String contentType, Buffer content, ValidationContext context) {
      return analyser.create(contentType, content, context);
    }

    @Override
    public boolean canHandle(String mediaType) {
      int semi = mediaType.indexOf(';');
      String type = (semi < 0 ? mediaType : mediaType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
      return types.contains(type) || (types.contains("audio/*") && type.startsWith("audio/"));
    }

    @Override
    public List<String> supportedTypes() {
      return types;
    }
  }
}
