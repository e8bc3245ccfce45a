package io.audioinsight.audio.decode;

import com.jcraft.jorbis.Info;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import java.lang.reflect.Field;

/**
 * The checks libvorbis makes on a setup header and JOrbis does not, done before JOrbis builds its decoding tables.
 * Without them a crafted setup header of a few bytes makes JOrbis allocate arrays of billions of entries
 * (found by fuzzing: {@code Residue0.look} allocates {@code partitions ^ dim} tables; a codebook's value table is
 * {@code entries x dim} floats), an OutOfMemoryError that no caller should have to survive.
 *
 * <p>JOrbis keeps these fields package-private, so they are read by reflection (the engine runs on the class
 * path; the fields exist in every JOrbis release since 0.0.15).
 */
final class VorbisSetupLimits {

  /**
   * The most values all codebooks together may expand to: 4 Mi floats (16 MiB). Real streams' books hold tens of
   * thousands; fuzzing showed that a bound per book is not enough (a header of many large books made every decode
   * allocate gigabytes).
   */
  static final long MAX_BOOK_VALUES = 1L << 22;
  /** The most entries all codebooks together may have (JOrbis builds a decode tree node per entry). */
  static final long MAX_BOOK_ENTRIES = 1L << 20;

  private static final Field RESIDUE_PARAM = field(Info.class, "residue_param");
  private static final Field BOOK_PARAM = field(Info.class, "book_param");
  private static final Field RESIDUES = field(Info.class, "residues");
  private static final Field BOOKS = field(Info.class, "books");

  private VorbisSetupLimits() {}

  static void check(Info info, String where) {
    try {
      Object[] books = (Object[]) BOOK_PARAM.get(info);
      int bookCount = BOOKS.getInt(info);
      long totalValues = 0;
      long totalEntries = 0;
      for (int i = 0; i < bookCount; i++) {
        Object book = books[i];
        int dim = intField(book, "dim");
        int entries = intField(book, "entries");
        int mapType = intField(book, "maptype");
        if (dim < 1 || entries < 1) {
          throw bad(where, "codebook " + i + " has " + entries + " entries of dimension " + dim);
        }
        totalEntries += entries;
        totalValues += mapType == 0 ? 0 : (long) dim * entries;
        if (totalValues > MAX_BOOK_VALUES || totalEntries > MAX_BOOK_ENTRIES) {
          throw bad(where, "the codebooks expand to more than " + MAX_BOOK_VALUES + " values or "
              + MAX_BOOK_ENTRIES + " entries");
        }
      }
      Object[] residues = (Object[]) RESIDUE_PARAM.get(info);
      int residueCount = RESIDUES.getInt(info);
      for (int i = 0; i < residueCount; i++) {
        Object residue = residues[i];
        int partitions = intField(residue, "partitions");
        int groupBook = intField(residue, "groupbook");
        if (groupBook < 0 || groupBook >= bookCount) {
          throw bad(where, "residue " + i + " names codebook " + groupBook);
        }
        Object book = books[groupBook];
        int entries = intField(book, "entries");
        long values = 1;
        for (int d = intField(book, "dim"); d > 0; d--) {
          values *= partitions;
          if (values > entries) { // libvorbis res0_unpack's check
            throw bad(where, "residue " + i + " has more partition values than its codebook has entries");
          }
        }
      }
    } catch (IllegalAccessException | NoSuchFieldException e) {
      throw new IllegalStateException("JOrbis without the fields VorbisSetupLimits reads", e);
    }
  }

  private static AudioFormatException bad(String where, String what) {
    return new AudioFormatException(Kind.CORRUPT, where + ": Vorbis setup header: " + what);
  }

  private static int intField(Object o, String name) throws IllegalAccessException, NoSuchFieldException {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.getInt(o);
  }

  private static Field field(Class<?> type, String name) {
    try {
      Field f = type.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("JOrbis without the field " + name, e);
    }
  }
}
