package io.audioinsight.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SnrResult;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.StageTimings;
import io.audioinsight.audio.decode.SourceFormat;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.inference.InferenceResult;
import io.audioinsight.inference.RequestParams;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The wire format between nodes. A forwarded request is the audio as a {@link Buffer} with its operation, its
 * parameters and the milliseconds left of its deadline as headers (remaining time, not a wall-clock instant, so
 * the nodes' clocks need not agree). The answer is the {@link InferenceResult} as JSON, or a failure whose code is
 * the HTTP status and whose message is the {@link Problem} as JSON, so the client sees the same problem whichever
 * node ran it.
 */
final class ForwardProtocol {

  /** Per node: forwarded work for this node. */
  static final String WORK = "audio.cluster.work.";
  /** Per node: "withdraw forward {id}", body the id, header {@link #REASON}. */
  static final String CANCEL = "audio.cluster.cancel.";
  /** Per node: "your forward {id} was admitted", so the origin knows not to retry it elsewhere. */
  static final String ACCEPTED = "audio.cluster.accepted.";
  /** Every node publishes its {@link NodeCapacity} here. */
  static final String CAPACITY = "audio.cluster.capacity";

  static final String ID = "forward_id";
  static final String ORIGIN = "origin";
  static final String OPERATION = "operation";
  static final String REMAINING_MS = "remaining_ms";
  static final String REASON = "reason";
  private static final String HOP = "vad_hop_size";
  private static final String THRESHOLD = "vad_threshold";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private ForwardProtocol() {}

  static DeliveryOptions request(String id, String origin, Operation operation, RequestParams params,
                                 long remainingMs) {
    DeliveryOptions options = new DeliveryOptions()
        .addHeader(ID, id)
        .addHeader(ORIGIN, origin)
        .addHeader(OPERATION, operation.name())
        .addHeader(REMAINING_MS, Long.toString(remainingMs))
        .addHeader(HOP, Integer.toString(params.vadHopSize()))
        .addHeader(THRESHOLD, Double.toString(params.vadThreshold()));
    SpeakerHints hints = params.speakerHints();
    options.addHeader(SpeakerHints.NUM_SPEAKERS, Integer.toString(hints.numSpeakers()))
        .addHeader(SpeakerHints.MIN_SPEAKERS, Integer.toString(hints.minSpeakers()))
        .addHeader(SpeakerHints.MAX_SPEAKERS, Integer.toString(hints.maxSpeakers()));
    return options;
  }

  /** The parameters as the origin validated them, with the time left as the deadline. */
  static RequestParams params(MultiMap headers) {
    SpeakerHints hints = new SpeakerHints(Integer.parseInt(headers.get(SpeakerHints.NUM_SPEAKERS)),
        Integer.parseInt(headers.get(SpeakerHints.MIN_SPEAKERS)),
        Integer.parseInt(headers.get(SpeakerHints.MAX_SPEAKERS)));
    return new RequestParams(Integer.parseInt(headers.get(HOP)), Double.parseDouble(headers.get(THRESHOLD)),
        Long.parseLong(headers.get(REMAINING_MS)), hints);
  }

  /**
   * Runs one result and one problem through the mapper. Its first use introspects every record class (well over
   * 100 ms on a busy machine); that must happen at start-up on a worker thread, not on the event loop of the
   * first forward.
   */
  static void warmUp() {
    SnrResult snr = new SnrResult(10.0, 9.0, 0.5, List.of(new Segment(0, 1)), "dsp", 512, 0.5, "high",
        new SnrResult.Interval(8, 12), -20.0, 0.0);
    SpeakerResult speakers = new SpeakerResult(1, List.of(new SpeakerSegment(0, 1, 0)), "embedding");
    InferenceResult result = new InferenceResult(new AnalysisResult(1, 16_000, 1,
        new SourceFormat("wav", "pcm_s16le", 16_000, 1), snr, speakers, new StageTimings(0, 0, 0, 0, 0)), 0, 0);
    decodeResult(encode(result));
    decodeProblem(encode(Problems.overloaded(1, "warm-up")));
  }

  static Buffer encode(InferenceResult result) {
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(result));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InferenceResult decodeResult(Buffer body) {
    try {
      return JSON.readValue(body.getBytes(), InferenceResult.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String encode(Problem problem) {
    try {
      return JSON.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The problem a remote node answered, or null when the message is not one (a Vert.x failure, not ours). */
  static Problem decodeProblem(String message) {
    if (message == null || !message.startsWith("{")) {
      return null;
    }
    try {
      return JSON.readValue(message, Problem.class);
    } catch (IOException e) {
      return null;
    }
  }
}
