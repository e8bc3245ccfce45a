package io.audioinsight.audio;

/** Which analysis a request asks for; the single operations run only the stages they need. */
public enum Operation {
  SNR(true, false),
  SPEAKERS(false, true),
  ANALYZE(true, true);

  private final boolean snr;
  private final boolean speakers;

  Operation(boolean snr, boolean speakers) {
    this.snr = snr;
    this.speakers = speakers;
  }

  public boolean wantsSnr() {
    return snr;
  }

  public boolean wantsSpeakers() {
    return speakers;
  }
}
