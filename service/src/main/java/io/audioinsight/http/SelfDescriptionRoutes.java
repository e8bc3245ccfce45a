package io.audioinsight.http;

import io.audioinsight.config.PagesConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The service describing itself: the contract at {@code /openapi.json} and {@code /openapi.yaml} and the build at
 * {@code /version} (always), Swagger
 * UI at {@code /docs} ({@code docs.enabled}) and the playground at {@code /} ({@code playground.enabled}). Our own
 * pages are a few small files, read once from the class path and served from memory; Swagger UI's assets come
 * from its webjar on the class path, so the docs work offline. Built once, off the event loops (it reads the
 * class path), and shared by every HTTP verticle instance.
 */
public final class SelfDescriptionRoutes {

  /** Where Swagger UI's own files are served; the docs page loads them from here. */
  static final String SWAGGER_UI_PATH = "/docs/swagger-ui/";
  private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
  private static final String BUILD_PROPERTIES = "audio-insight-build.properties";

  /** Path served -> class-path resource and Content-Type. */
  private static final Map<String, String[]> DOCS_FILES = Map.of(
      "/docs", new String[] {"pages/docs/index.html", "text/html; charset=utf-8"},
      "/docs/init.js", new String[] {"pages/docs/init.js", "text/javascript; charset=utf-8"});
  private static final Map<String, String[]> PLAYGROUND_FILES = Map.of(
      "/", new String[] {"pages/playground/index.html", "text/html; charset=utf-8"},
      "/playground/playground.js", new String[] {"pages/playground/playground.js", "text/javascript; charset=utf-8"},
      "/playground/playground.css", new String[] {"pages/playground/playground.css", "text/css; charset=utf-8"});

  /** Path -> {body, Content-Type}, in mounting order. */
  private final Map<String, Object[]> files = new LinkedHashMap<>();
  /** The webjar directory of Swagger UI's files, or null when the docs are off. */
  private final String swaggerUiRoot;

  /**
   * Reads every page, the build info and the webjar's version; a missing file fails here, at start-up, not on a
   * request. {@code vadEngine}, {@code speakerEngine}: the engines this service runs, for {@code /version}.
   */
  public SelfDescriptionRoutes(ApiContract contract, PagesConfig pages, String vadEngine, String speakerEngine) {
    files.put("/openapi.json", new Object[] {contract.json(), "application/json"});
    files.put("/openapi.yaml", new Object[] {contract.yaml(), "application/yaml"});
    files.put("/version", new Object[] {versionJson(vadEngine, speakerEngine), "application/json"});
    if (pages.docsEnabled()) {
      DOCS_FILES.forEach((path, file) -> files.put(path, new Object[] {resource(file[0]), file[1]}));
    }
    if (pages.playgroundEnabled()) {
      PLAYGROUND_FILES.forEach((path, file) -> files.put(path, new Object[] {resource(file[0]), file[1]}));
    }
    swaggerUiRoot = pages.docsEnabled() ? "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() : null;
  }

  /** Mounts the routes; returns the paths mounted with the methods each takes (for the Allow header of a 405). */
  Map<String, String> mount(Router router) {
    Map<String, String> mounted = new LinkedHashMap<>();
    files.forEach((path, file) -> {
      Buffer body = (Buffer) file[0];
      String type = (String) file[1];
      router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD)
          .handler((RoutingContext ctx) -> ctx.response().putHeader("Content-Type", type).end(body));
      mounted.put(path, "GET, HEAD");
    });
    if (swaggerUiRoot != null) {
      router.route(SWAGGER_UI_PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD)
          .handler(StaticHandler.create(swaggerUiRoot));
    }
    return mounted;
  }

  /** Version and commit as the build wrote them (audio-insight-build.properties), and the engines in use. */
  static Buffer versionJson(String vadEngine, String speakerEngine) {
    Properties build = properties(BUILD_PROPERTIES, "the build info");
    return new JsonObject()
        .put("version", build.getProperty("version"))
        .put("git_commit", build.getProperty("commit"))
        .put("engines", new JsonObject().put("vad", vadEngine).put("speakers", speakerEngine))
        .toBuffer();
  }

  /** The webjar's version, which names its directory; read from the webjar's own Maven metadata. */
  static String swaggerUiVersion() {
    return properties(WEBJAR_PROPERTIES, "the Swagger UI webjar (set docs.enabled=false to run without /docs)")
        .getProperty("version");
  }

  private static Properties properties(String resource, String what) {
    Properties p = new Properties();
    try (InputStream in = SelfDescriptionRoutes.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(what + " is missing from the class path: " + resource);
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static Buffer resource(String name) {
    try (InputStream in = SelfDescriptionRoutes.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the class path");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
