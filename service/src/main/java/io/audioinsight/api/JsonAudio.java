package io.audioinsight.api;

import io.audioinsight.inference.AudioRequest;
import io.vertx.core.buffer.Buffer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON input form: {@code {"audio_base64": "...", "vad_hop_size": 512, ...}}. Parsing and base64 decoding
 * cost about a millisecond per megabyte, so callers run this off the event loop (executeBlocking).
 *
 * <p>Bodies are untrusted, so they are parsed by a Jackson factory of our own rather than Vert.x's shared one:
 * its string limit follows {@code http.max_body_bytes} (Jackson's default, 20 M characters, would refuse a
 * 15 MB WAV in base64), and field names are not canonicalized, so a body of hash-colliding keys cannot fill a
 * shared symbol table and make the next, valid request fail.
 */
public final class JsonAudio {

  public static final String AUDIO_BASE64 = "audio_base64";
  /** Parameters are flat: a deeper document is not ours. */
  private static final int MAX_NESTING_DEPTH = 16;

  private final ParamParser params;
  private final ObjectMapper mapper;

  public JsonAudio(ParamParser params, long maxBodyBytes) {
    this.params = params;
    JsonFactory factory = JsonFactory.builder()
        .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
        .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBodyBytes))
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .build())
        .build();
    this.mapper = new ObjectMapper(factory);
  }

  /** Parses an HTTP JSON body; a parameter absent from the JSON is looked up in {@code fallback} (the query). */
  public AudioRequest fromBody(Buffer body, Function<String, String> fallback) {
    Map<String, Object> fields;
    try {
      fields = mapper.readValue(body.getBytes(), OBJECT);
    } catch (IOException | RuntimeException e) {
      throw Problems.badRequest("the body is not a valid JSON object").toException();
    }
    if (fields == null) {
      throw Problems.badRequest("the body is not a valid JSON object").toException();
    }
    return fromJson(new JsonObject(fields), fallback, params);
  }

  /** Parses a JSON object body with this class's limits (400 when it is not one); for the jobs route's fields. */
  public JsonObject object(Buffer body) {
    Map<String, Object> fields;
    try {
      fields = mapper.readValue(body.getBytes(), OBJECT);
    } catch (IOException | RuntimeException e) {
      throw Problems.badRequest("the body is not a valid JSON object").toException();
    }
    if (fields == null) {
      throw Problems.badRequest("the body is not a valid JSON object").toException();
    }
    return new JsonObject(fields);
  }

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  public static AudioRequest fromJson(JsonObject json, Function<String, String> fallback, ParamParser params) {
    Object audio = json.getValue(AUDIO_BASE64);
    if (audio == null) {
      throw Problems.badParameter(AUDIO_BASE64, "the JSON body has no audio_base64 field (nor audio_url)").toException();
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
      return v != null ? asParameter(v) : fallback.apply(name);
    };
    return new AudioRequest(Buffer.buffer(wav), params.parse(lookup));
  }

  /** A JSON value as the parameter parser reads it: numbers in plain notation (0.0001, not 1.0E-4). */
  private static String asParameter(Object v) {
    if (v instanceof Double || v instanceof Float) {
      return new BigDecimal(v.toString()).toPlainString();
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return String.valueOf(v);
  }
}
