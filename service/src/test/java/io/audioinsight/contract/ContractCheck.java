package io.audioinsight.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.http.ApiContract;
import io.audioinsight.support.RawHttp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Checks real responses against the contract, and remembers which documented (operation, status) pairs and
 * which request-independent problem responses were seen, so a test can require that all of them were.
 * JSON bodies (replies and problems) are validated by vertx-openapi's {@link ResponseValidator}; other bodies
 * (Prometheus text, YAML, HTML) must come with a media type the operation documents.
 */
final class ContractCheck {

  private final OpenAPIContract contract;
  private final JsonObject raw;
  private final ResponseValidator validator;
  private final Set<String> seen = new ConcurrentSkipListSet<>();

  private ContractCheck(Vertx vertx, ApiContract api) {
    this.contract = api.contract();
    this.raw = api.document();
    this.validator = ResponseValidator.create(vertx, contract);
  }

  static Future<ContractCheck> load(Vertx vertx) {
    return ApiContract.load(vertx).map(c -> new ContractCheck(vertx, c));
  }

  JsonObject document() {
    return raw;
  }

  /** Validates {@code r} as an answer of {@code operationId}; fails the future with the validator's reason. */
  Future<HttpResponse<Buffer>> response(String operationId, HttpResponse<Buffer> r) {
    String type = r.getHeader("Content-Type");
    assertThat(documentedStatuses(operationId)).as("statuses documented for " + operationId)
        .contains(Integer.toString(r.statusCode()));
    assertThat(type).as(operationId + " " + r.statusCode() + " Content-Type").isNotNull();
    seen.add(operationId + " " + r.statusCode());
    if (!isJson(type)) {
      assertThat(documentedTypes(operationId, r.statusCode())).as(operationId + " " + r.statusCode() + " media types")
          .contains(baseType(type));
      return Future.succeededFuture(r);
    }
    Map<String, String> headers = new HashMap<>();
    r.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
    return validator.validate(ValidatableResponse.create(r.statusCode(), headers, r.body(), type), operationId)
        .map(v -> r)
        .recover(e -> Future.failedFuture(new AssertionError(operationId + " " + r.statusCode() + ": "
            + e.getMessage() + "\nbody: " + r.bodyAsString(), e)));
  }

  /**
   * Validates a raw exchange (an answer a WebClient cannot wait for, e.g. to a body that never finishes) as an
   * answer of {@code operationId}; the body must be JSON.
   */
  Future<RawHttp.Exchange> exchange(String operationId, RawHttp.Exchange x) {
    String type = x.header("Content-Type");
    assertThat(documentedStatuses(operationId)).as("statuses documented for " + operationId)
        .contains(Integer.toString(x.status()));
    assertThat(type).as(operationId + " " + x.status() + " Content-Type").isNotNull();
    seen.add(operationId + " " + x.status());
    Map<String, String> headers = new HashMap<>();
    for (String name : new String[] {"Content-Type", "X-Request-Id", "Retry-After", "Location"}) {
      if (x.header(name) != null) {
        headers.put(name, x.header(name));
      }
    }
    return validator.validate(ValidatableResponse.create(x.status(), headers, Buffer.buffer(x.body()), type),
            operationId)
        .map(v -> x)
        .recover(e -> Future.failedFuture(new AssertionError(operationId + " " + x.status() + ": " + e.getMessage()
            + "\nbody: " + x.body(), e)));
  }

  /** Records a WebSocket upgrade (101, no body to validate) of {@code operationId}. */
  void upgraded(String operationId) {
    assertThat(documentedStatuses(operationId)).as("statuses documented for " + operationId).contains("101");
    seen.add(operationId + " 101");
  }

  /** Validates a problem body against {@code components/responses/name}: answers that no single operation owns. */
  void component(String name, int status, String contentType, String body) {
    JsonObject response = raw.getJsonObject("components").getJsonObject("responses").getJsonObject(name);
    assertThat(response).as("components/responses/" + name).isNotNull();
    assertThat(baseType(contentType)).isEqualTo("application/problem+json");
    String pointer = "app:///#/components/responses/" + name + "/content/application~1problem+json/schema";
    OutputUnit result = contract.getSchemaRepository().validator(pointer).validate(new JsonObject(body));
    assertThat(result.getValid()).as(name + ": " + result.getErrors() + "\nbody: " + body).isTrue();
    assertThat(new JsonObject(body).getInteger("status")).isEqualTo(status);
    seen.add("components/responses/" + name);
  }

  /** Every pair this contract documents: "operationId status" and "components/responses/Name" for the rest. */
  Set<String> documented() {
    Set<String> all = new TreeSet<>();
    Set<String> referenced = new TreeSet<>();
    JsonObject paths = raw.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject op = item.getJsonObject(method);
        JsonObject responses = op.getJsonObject("responses");
        for (String status : responses.fieldNames()) {
          all.add(op.getString("operationId") + " " + status);
          String ref = responses.getJsonObject(status).getString("$ref");
          if (ref != null) {
            referenced.add(ref.substring(ref.lastIndexOf('/') + 1));
          }
        }
      }
    }
    for (String name : raw.getJsonObject("components").getJsonObject("responses").fieldNames()) {
      if (!referenced.contains(name)) {
        all.add("components/responses/" + name);
      }
    }
    return all;
  }

  Set<String> seen() {
    return new TreeSet<>(seen);
  }

  private Set<String> documentedStatuses(String operationId) {
    return operationJson(operationId).getJsonObject("responses").fieldNames();
  }

  private Set<String> documentedTypes(String operationId, int status) {
    JsonObject response = operationJson(operationId).getJsonObject("responses").getJsonObject(Integer.toString(status));
    String ref = response.getString("$ref");
    if (ref != null) {
      response = raw.getJsonObject("components").getJsonObject("responses")
          .getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
    }
    return response.getJsonObject("content").fieldNames();
  }

  private JsonObject operationJson(String operationId) {
    JsonObject paths = raw.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        JsonObject op = paths.getJsonObject(path).getJsonObject(method);
        if (operationId.equals(op.getString("operationId"))) {
          return op;
        }
      }
    }
    throw new AssertionError("no operation " + operationId + " in the contract");
  }

  private static boolean isJson(String contentType) {
    String base = baseType(contentType);
    return base.equals("application/json") || base.endsWith("+json");
  }

  static String baseType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }
}
