package io.audioinsight.eval;

/**
 * One synthetic speaker: an espeak-ng voice (with variant) at a fixed pitch and speed.
 *
 * @param id    directory name of its utterances, e.g. {@code v03}
 * @param spec  espeak-ng {@code -v} argument, e.g. {@code en+f2}
 * @param pitch espeak-ng {@code -p} (0-99)
 * @param speed espeak-ng {@code -s} (words per minute)
 * @param lang  which sentence list it reads
 */
public record Voice(String id, String spec, int pitch, int speed, String lang) {

  /** How the manifest names this voice. */
  public String describe() {
    return spec + " p" + pitch + " s" + speed;
  }
}
