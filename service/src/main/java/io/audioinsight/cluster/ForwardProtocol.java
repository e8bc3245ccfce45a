package io.audioinsight.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.audioinsight.api.Problem;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.inference.InferenceResult;
import io.audioinsight.inference.RequestParams;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;

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
