package io.audioinsight.api;

import io.audioinsight.inference.AudioRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.function.Function;

/**
 * The JSON input form: {@code {"audio_base64": "...", "vad_hop_size": 512, ...}}. Parsing and base64 decoding
 * cost about a millisecond per megabyte, so callers run this off the event loop (executeBlocking).
 */
public final class JsonAudio {

  public static final String AUDIO_BASE64 = "audio_base64";

  private JsonAudio() {}

  /** Parses an HTTP JSON body; a parameter absent from the JSON is looked up in {@code fallback} (the query). */
  public static AudioRequest fromBody(Buffer body, Function<String, String> fallback, ParamParser params) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw Problems.badRequest("the body is not a valid JSON object").toException();
    }
    return fromJson(json, fallback, params);
  }

  public static AudioRequest fromJson(JsonObject json, Function<String, String> fallback, ParamParser params) {
    Object audio = json.getValue(AUDIO_BASE64);
    if (audio == null) {
      throw Problems.badParameter(AUDIO_BASE64, "the JSON body has no audio_base64 field").toException();
    }
    if (!(audio instanceof String encoded)) {
      throw Problems.badParameter(AUDIO_BASE64, "audio_base64 must be a string").toException();
    }
    byte[] wav;
    try {
      wav = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw Problems.badParameter(AUDIO_BASE64, "audio_base64 is not valid base64 (RFC 4648, standard alphabet)")
          .toException();
    }
    Function<String, String> lookup = name -> {
      Object v = json.getValue(name);
      return v != null ? String.valueOf(v) : fallback.apply(name);
    };
    return new AudioRequest(Buffer.buffer(wav), params.parse(lookup));
  }
}
