package io.audioinsight.stream;

import io.audioinsight.api.ParamParser;
import io.audioinsight.api.ProblemException;
import io.audioinsight.audio.decode.PcmStream;
import io.audioinsight.inference.RequestParams;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The first message of a stream, validated: {@code {"type":"start", "sample_rate": 8000..48000, "encoding":
 * "pcm_s16le"|"pcm_f32le", "channels": 1..8, "vad_threshold", "vad_hop_size"}} ({@code type} may be left out;
 * the VAD parameters default as for the file routes). Anything wrong closes the stream with 1007 and a reason
 * naming the field.
 */
record StreamStart(int sampleRate, PcmStream.Encoding encoding, int channels, RequestParams params) {

  static final int MIN_RATE = 8_000;
  static final int MAX_RATE = 48_000;
  static final int MAX_CHANNELS = 8;

  /** Source bytes per second of audio. */
  long bytesPerSecond() {
    return (long) sampleRate * channels * encoding.bytesPerSample;
  }

  int frameBytes() {
    return channels * encoding.bytesPerSample;
  }

  static StreamStart parse(String text, ParamParser params) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new StreamClose(StreamClose.INVALID_PAYLOAD, "start message is not a JSON object");
    }
    Object type = json.getValue("type");
    if (type != null && !"start".equals(type)) {
      throw new StreamClose(StreamClose.INVALID_PAYLOAD, "start message: type must be \"start\", got " + brief(type));
    }
    int rate = integer(json, "sample_rate", MIN_RATE, MAX_RATE, null);
    Object enc = json.getValue("encoding");
    PcmStream.Encoding encoding = enc instanceof String s ? PcmStream.Encoding.byWireName(s) : null;
    if (encoding == null) {
      throw new StreamClose(StreamClose.INVALID_PAYLOAD,
          "start message: encoding must be \"pcm_s16le\" or \"pcm_f32le\", got " + brief(enc));
    }
    int channels = integer(json, "channels", 1, MAX_CHANNELS, 1);
    RequestParams request;
    try {
      request = params.parse(name -> {
        Object v = ParamParser.TIMEOUT_MS.equals(name) ? null : json.getValue(name);
        return v == null ? null : v.toString();
      });
    } catch (ProblemException e) {
      throw new StreamClose(StreamClose.INVALID_PAYLOAD, "start message: " + e.problem().detail());
    }
    return new StreamStart(rate, encoding, channels, request);
  }

  private static int integer(JsonObject json, String name, int min, int max, Integer dflt) {
    Object v = json.getValue(name);
    if (v == null && dflt != null) {
      return dflt;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min
        || n.doubleValue() > max) {
      throw new StreamClose(StreamClose.INVALID_PAYLOAD,
          "start message: " + name + " must be an integer in " + min + ".." + max + ", got " + brief(v));
    }
    return n.intValue();
  }

  private static String brief(Object v) {
    String s = String.valueOf(v);
    return s.length() > 24 ? s.substring(0, 24) + "..." : s;
  }
}
