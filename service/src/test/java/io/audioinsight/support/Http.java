package io.audioinsight.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.util.Base64;
import java.util.Map;

/** A WebClient aimed at one service, with the three input forms. */
public final class Http {

  public enum Form { RAW, JSON, MULTIPART }

  private final WebClient client;

  public Http(Vertx vertx, int port) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port));
  }

  public Future<HttpResponse<Buffer>> get(String uri) {
    return client.get(uri).send();
  }

  public Future<HttpResponse<Buffer>> delete(String uri) {
    return client.delete(uri).send();
  }

  public Future<HttpResponse<Buffer>> post(String uri, String contentType, Buffer body) {
    HttpRequest<Buffer> r = client.post(uri);
    if (contentType != null) {
      r.putHeader("Content-Type", contentType);
    }
    return r.sendBuffer(body);
  }

  /** POSTs {@code wav} to {@code route} in {@code form}, with {@code params} as fields (JSON, multipart) or query (raw). */
  public Future<HttpResponse<Buffer>> analyse(String route, Form form, byte[] wav, Map<String, String> params) {
    switch (form) {
      case RAW -> {
        HttpRequest<Buffer> r = client.post(route).putHeader("Content-Type", "audio/wav");
        params.forEach(r::addQueryParam);
        return r.sendBuffer(Buffer.buffer(wav));
      }
      case JSON -> {
        JsonObject json = new JsonObject().put("audio_base64", Base64.getEncoder().encodeToString(wav));
        params.forEach((k, v) -> json.put(k, v.matches("-?[0-9]+") ? (Object) Long.parseLong(v)
            : v.matches("-?[0-9.]+") ? (Object) Double.parseDouble(v) : v));
        return client.post(route).sendJsonObject(json);
      }
      default -> {
        MultipartForm mf = MultipartForm.create().binaryFileUpload("file", "clip.wav", Buffer.buffer(wav), "audio/wav");
        params.forEach(mf::attribute);
        return client.post(route).sendMultipartForm(mf);
      }
    }
  }

  public void close() {
    client.close();
  }
}
