package io.audioinsight.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SpeakerSegment;
import java.util.List;

/**
 * The ground truth of one corpus file: one line of {@code manifest.jsonl}. Numbers follow DESIGN.md
 * "Definitions" (see {@link GroundTruth}); times are in seconds.
 *
 * @param file          path relative to the corpus directory
 * @param set           {@code single} (one voice in noise), {@code speakers} (voices taking turns) or {@code edge}
 * @param condition     noise type for {@code single}, {@code <k>spk} for {@code speakers}, the case name for {@code edge}
 * @param noise         the noise mixed in: white, pink, brown, babble, hum, switching, or none
 * @param targetSnrDb   the SNR the mixer aimed at; null for clean files
 * @param snrDb         active-speech SNR of the written mix; null without speech; 100 for noise-free speech
 * @param globalSnrDb   whole-file speech energy over noise energy; null without speech
 * @param speechRatio   fraction of the duration inside {@code speechSegments}
 * @param speakers      the voice of each speaker label (label {@code i} is entry {@code i-1})
 * @param speakerCount  voices that speak at least 1 s in total; 0 without speech
 * @param turns         who spoke when: each voice's own speech segments, labelled by first appearance
 * @param expect        {@code ok}, {@code no_speech} (speech_ratio < 0.05 and snr null expected) or {@code error}
 * @param errorKind     for {@code expect = error}: the expected {@code AudioFormatException.Kind} name
 * @param note          how the file was made, for humans
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ManifestEntry(
    @JsonProperty("file") String file,
    @JsonProperty("set") String set,
    @JsonProperty("condition") String condition,
    @JsonProperty("noise") String noise,
    @JsonProperty("target_snr_db") Double targetSnrDb,
    @JsonProperty("snr_db") Double snrDb,
    @JsonProperty("global_snr_db") Double globalSnrDb,
    @JsonProperty("duration_s") double durationS,
    @JsonProperty("sample_rate") int sampleRate,
    @JsonProperty("channels") int channels,
    @JsonProperty("encoding") String encoding,
    @JsonProperty("speech_ratio") double speechRatio,
    @JsonProperty("speech_segments") List<Segment> speechSegments,
    @JsonProperty("speaker_count") int speakerCount,
    @JsonProperty("speakers") List<String> speakers,
    @JsonProperty("turns") List<SpeakerSegment> turns,
    @JsonProperty("expect") String expect,
    @JsonProperty("error_kind") String errorKind,
    @JsonProperty("note") String note) {

  public static final String SET_SINGLE = "single";
  public static final String SET_SPEAKERS = "speakers";
  public static final String SET_EDGE = "edge";
  public static final String EXPECT_OK = "ok";
  public static final String EXPECT_NO_SPEECH = "no_speech";
  public static final String EXPECT_ERROR = "error";

  public ManifestEntry {
    speechSegments = speechSegments == null ? List.of() : List.copyOf(speechSegments);
    speakers = speakers == null ? List.of() : List.copyOf(speakers);
    turns = turns == null ? List.of() : List.copyOf(turns);
  }
}
