package io.audioinsight.stream;

import io.audioinsight.api.Problem;
import io.audioinsight.api.ResultJson;
import io.audioinsight.audio.vad.stream.LiveStats;
import io.audioinsight.audio.vad.stream.VadEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** The JSON text messages a stream sends (README "Live streams" lists them). Times are stream seconds. */
final class StreamEvents {

  private StreamEvents() {}

  static String started(StreamStart start, String engine) {
    return new JsonObject().put("type", "started").put("vad_engine", engine)
        .put("sample_rate", start.sampleRate()).put("encoding", start.encoding().wireName())
        .put("channels", start.channels()).put("vad_hop_size", start.params().vadHopSize())
        .put("vad_threshold", start.params().vadThreshold()).encode();
  }

  static String vad(VadEvent e) {
    JsonObject json = new JsonObject();
    if (e.type() == VadEvent.Type.SPEECH_START) {
      json.put("type", "speech_start").put("t", e.start());
    } else {
      json.put("type", "speech_end").put("t", e.end()).put("start", e.start()).put("end", e.end());
    }
    return json.encode();
  }

  static String stats(LiveStats s) {
    return new JsonObject().put("type", "stats").put("t", round3(s.decidedSeconds()))
        .put("speech_ratio", s.speechRatio()).put("snr_db", s.snrDb()).encode();
  }

  static String overloaded(long lagMs, long maxLagMs) {
    return new JsonObject().put("type", "overloaded").put("lag_ms", lagMs).put("max_lag_ms", maxLagMs).encode();
  }

  /** The summary: the {@code /v1/snr-detect} body with {@code "type":"summary"} in front. */
  static String summary(Buffer snrDetectBody) {
    String body = snrDetectBody.toString();
    return "{\"type\":\"summary\"," + body.substring(body.indexOf('{') + 1);
  }

  static String error(Problem problem) {
    String body = ResultJson.problem(problem).toString();
    return "{\"type\":\"error\"," + body.substring(body.indexOf('{') + 1);
  }

  private static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
