package io.audioinsight.audio;

/**
 * What the caller knows about the number of speakers, as in pyannote: {@code num_speakers} (exactly),
 * {@code min_speakers} and {@code max_speakers} (bounds). 0 means "not given". The counters obey them when the
 * audio has speech: the count is forced into the range, the clustering cut where it lands there. Audio without
 * speech still has 0 speakers.
 *
 * @param numSpeakers exact number of speakers, or 0
 * @param minSpeakers at least this many, or 0
 * @param maxSpeakers at most this many, or 0
 */
public record SpeakerHints(int numSpeakers, int minSpeakers, int maxSpeakers) {

  /** No hint: the counter decides. */
  public static final SpeakerHints NONE = new SpeakerHints(0, 0, 0);
  /** Largest hint accepted: far beyond any recording's voices, and it bounds the clustering work. */
  public static final int MAX_HINT = 64;

  public static final String NUM_SPEAKERS = "num_speakers";
  public static final String MIN_SPEAKERS = "min_speakers";
  public static final String MAX_SPEAKERS = "max_speakers";

  /** @throws IllegalArgumentException naming the parameter, for a value out of 1..64 or bounds that contradict */
  public SpeakerHints {
    inRange(NUM_SPEAKERS, numSpeakers);
    inRange(MIN_SPEAKERS, minSpeakers);
    inRange(MAX_SPEAKERS, maxSpeakers);
    if (minSpeakers > 0 && maxSpeakers > 0 && minSpeakers > maxSpeakers) {
      throw new InvalidHintException(MIN_SPEAKERS, "min_speakers (" + minSpeakers
          + ") must be at most max_speakers (" + maxSpeakers + ")");
    }
    if (numSpeakers > 0 && minSpeakers > 0 && numSpeakers < minSpeakers) {
      throw new InvalidHintException(NUM_SPEAKERS, "num_speakers (" + numSpeakers
          + ") must be at least min_speakers (" + minSpeakers + ")");
    }
    if (numSpeakers > 0 && maxSpeakers > 0 && numSpeakers > maxSpeakers) {
      throw new InvalidHintException(NUM_SPEAKERS, "num_speakers (" + numSpeakers
          + ") must be at most max_speakers (" + maxSpeakers + ")");
    }
  }

  /** Fewest speakers allowed when there is speech (1 without a hint). */
  public int lower() {
    return numSpeakers > 0 ? numSpeakers : Math.max(1, minSpeakers);
  }

  /** Most speakers allowed ({@link Integer#MAX_VALUE} without a hint). */
  public int upper() {
    return numSpeakers > 0 ? numSpeakers : maxSpeakers > 0 ? maxSpeakers : Integer.MAX_VALUE;
  }

  /** True when any hint is given. */
  public boolean any() {
    return numSpeakers > 0 || minSpeakers > 0 || maxSpeakers > 0;
  }

  private static void inRange(String name, int value) {
    if (value < 0 || value > MAX_HINT) {
      throw new InvalidHintException(name, name + " must be an integer between 1 and " + MAX_HINT + ", got " + value);
    }
  }

  /** A hint out of range or contradicting another; {@link #parameter()} names the one to fix. */
  public static final class InvalidHintException extends IllegalArgumentException {
    private final String parameter;

    InvalidHintException(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }

    public String parameter() {
      return parameter;
    }
  }
}
