package io.audioinsight.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SnrResult;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.decode.SourceFormat;
import io.audioinsight.inference.InferenceResult;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Results and problems as JSON: snake_case keys from the record components, and every number with at most
 * three decimals (times are seconds with millisecond precision). {@code /v1/analyze} nests the {@code snr} and
 * {@code speakers} blocks; the single operations put their block's fields at the top level.
 */
public final class ResultJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .registerModule(new SimpleModule().addSerializer(Double.class, new RoundingSerializer())
          .addSerializer(double.class, new RoundingSerializer()));

  record Timing(double queuedMs, double inferenceMs) {}

  record AnalyzeBody(double durationS, int sampleRate, int channels, SourceFormat format, SnrResult snr,
                     SpeakerResult speakers, Timing timing) {}

  record SnrBody(double durationS, int sampleRate, int channels, SourceFormat format, @JsonUnwrapped SnrResult snr,
                 Timing timing) {}

  record SpeakersBody(double durationS, int sampleRate, int channels, SourceFormat format,
                      @JsonUnwrapped SpeakerResult speakers, Timing timing) {}

  private ResultJson() {}

  /** The response body for {@code operation}. */
  public static Buffer render(Operation operation, InferenceResult inference) {
    AnalysisResult r = inference.result();
    Timing timing = new Timing(inference.queuedMs(), inference.inferenceMs());
    Object body = switch (operation) {
      case ANALYZE -> new AnalyzeBody(r.durationS(), r.sampleRate(), r.channels(), r.format(), r.snr(), r.speakers(),
          timing);
      case SNR -> new SnrBody(r.durationS(), r.sampleRate(), r.channels(), r.format(), r.snr(), timing);
      case SPEAKERS -> new SpeakersBody(r.durationS(), r.sampleRate(), r.channels(), r.format(), r.speakers(), timing);
    };
    return write(body);
  }

  /** Builds every serializer once (Jackson introspection takes tens of milliseconds the first time). */
  public static void preload() {
    java.util.List<io.audioinsight.audio.Segment> segs = java.util.List.of(new io.audioinsight.audio.Segment(0, 1));
    SnrResult snr = new SnrResult(10.0, 9.0, 0.5, segs, "dsp", 512, 0.5, "high", new SnrResult.Interval(9.0, 11.0),
        -26.0, 0.0);
    SpeakerResult speakers = new SpeakerResult(1, java.util.List.of(new io.audioinsight.audio.SpeakerSegment(0, 1, 1)));
    InferenceResult r = new InferenceResult(new AnalysisResult(1, 16_000, 1,
        new SourceFormat("wav", "pcm_s16le", 16_000, 1), snr, speakers,
        new io.audioinsight.audio.StageTimings(0, 0, 0, 0, 0)), 0, 0);
    for (Operation op : Operation.values()) {
      render(op, r);
    }
    problem(Problems.badRequest("preload"));
  }

  public static Buffer problem(Problem p) {
    return problem(p, null);
  }

  /** The problem body; {@code instance} (the request id) is left out when null. */
  public static Buffer problem(Problem p, String instance) {
    com.fasterxml.jackson.databind.node.ObjectNode node = MAPPER.createObjectNode()
        .put("type", p.type())
        .put("title", p.title())
        .put("status", p.status())
        .put("detail", p.detail());
    if (p.parameter() != null) {
      node.put("parameter", p.parameter());
    }
    if (instance != null) {
      node.put("instance", instance);
    }
    return write(node);
  }

  private static Buffer write(Object body) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
    }
  }

  /** Three decimals; NaN or infinity, which the engine should never produce, become null rather than invalid JSON. */
  private static final class RoundingSerializer extends JsonSerializer<Double> {
    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      if (value == null || !Double.isFinite(value)) {
        gen.writeNull();
      } else {
        gen.writeNumber(Math.round(value * 1000.0) / 1000.0);
      }
    }
  }
}
