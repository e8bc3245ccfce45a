package io.audioinsight.audio.decode;

import com.jcraft.jorbis.Info;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import java.lang.reflect.Field;

/**
 * The checks libvorbis makes on a setup header and JOrbis does not: the codebooks' sizes before JOrbis unpacks
 * the header ({@link #checkCodebooks}), and the total size of the tables before JOrbis builds them ({@link #check}).
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

  /** libvorbis's bound on a codebook's size: {@code ilog(dim) + ilog(entries)} at most 24 bits. */
  private static final int MAX_BOOK_BITS = 24;
  private static final int CODEBOOK_SYNC = 0x564342;

  /**
   * Walks the codebooks of a setup header before JOrbis unpacks them, with the checks libvorbis makes while
   * unpacking ({@code vorbis_staticbook_unpack}) and JOrbis does not. Found by fuzzing: a lattice codebook of
   * dimension 0 sends JOrbis's {@code maptype1_quantvals} round an endless loop. A codebook is refused when it has no
   * entries or dimension 0, when its dimension and entries need more than 24 bits together, when the packet is too
   * short for its entry lengths, or when JOrbis's int arithmetic for its value count would overflow. Whatever else is wrong (a bad
   * sync, the packet ending early) is left for JOrbis to refuse.
   */
  static void checkCodebooks(byte[] b, int off, int len, String where) {
    VorbisBits in = new VorbisBits(b, off + 7, len - 7); // after the packet type and "vorbis"
    int books = in.read(8) + 1;
    for (int i = 0; i < books; i++) {
      if (in.read(24) != CODEBOOK_SYNC) {
        return;
      }
      int dim = in.read(16);
      int entries = in.read(24);
      if (dim < 0 || entries < 0) {
        return;
      }
      if (dim < 1 || entries < 1) { // as check() refuses later; a lattice book of dimension 0 hangs JOrbis
        throw bad(where, "codebook " + i + " has " + entries + " entries of dimension " + dim);
      }
      if (ilog(dim) + ilog(entries) > MAX_BOOK_BITS) {
        throw bad(where, "codebook " + i + " has " + entries + " entries of dimension " + dim);
      }
      if (!skipLengths(in, entries, i, where)) {
        return;
      }
      int mapType = in.read(4);
      if (mapType == 0) {
        continue; // no values
      }
      if (mapType != 1 && mapType != 2) {
        return; // JOrbis refuses it
      }
      in.skip(64); // minimum and delta, two packed floats
      int quantBits = in.read(4) + 1;
      in.skip(1);
      long values = mapType == 1 ? mapType1Values(entries, dim, i, where) : (long) entries * dim;
      if (quantBits <= 0 || !in.skip(values * quantBits)) {
        return;
      }
    }
  }

  /** Skips a codebook's entry lengths; false where the packet ends first. */
  private static boolean skipLengths(VorbisBits in, int entries, int book, String where) {
    int ordered = in.read(1);
    if (ordered == 1) {
      if (in.read(5) < 0) {
        return false;
      }
      for (int e = 0; e < entries; ) {
        int run = in.read(ilog(entries - e));
        if (run < 0) {
          return false;
        }
        e += run; // a run of 0 still reads bits, so this ends with the packet
      }
      return true;
    }
    int sparse = in.read(1);
    if (ordered < 0 || sparse < 0) {
      return false;
    }
    // libvorbis's quick check, before JOrbis allocates a length per entry
    if (in.bitsLeft() < (long) entries * (sparse == 1 ? 1 : 5)) {
      throw bad(where, "codebook " + book + " claims " + entries + " entries, more than the packet holds");
    }
    for (int e = 0; e < entries; e++) {
      int used = sparse == 1 ? in.read(1) : 1;
      if (used < 0 || (used == 1 && in.read(5) < 0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The value count of a lattice (map type 1) codebook: the largest {@code v} with {@code v^dim <= entries}.
   * JOrbis finds it with int products of up to {@code (v+1)^dim}; where one overflows its search may not end, so
   * such a book is refused (real books have small dimensions: 1 to 8).
   */
  private static long mapType1Values(int entries, int dim, int book, String where) {
    if (entries < 1 || dim < 1) {
      return 0;
    }
    long v = Math.max(1, (long) Math.floor(Math.pow(entries, 1.0 / dim)));
    while (pow(v, dim) > entries) {
      v--;
    }
    while (pow(v + 1, dim) <= entries) {
      v++;
    }
    if (pow(v + 1, dim) > Integer.MAX_VALUE) {
      throw bad(where, "codebook " + book + " of dimension " + dim + " has a lattice too large to index");
    }
    return v;
  }

  /** {@code base^exp}, saturating at Long.MAX_VALUE. */
  private static long pow(long base, int exp) {
    long r = 1;
    for (int i = 0; i < exp; i++) {
      if (r > Long.MAX_VALUE / Math.max(base, 1)) {
        return Long.MAX_VALUE;
      }
      r *= base;
    }
    return r;
  }

  /** The number of bits in {@code v} (0 for 0), as libvorbis's {@code ilog}. */
  private static int ilog(int v) {
    return v <= 0 ? 0 : 32 - Integer.numberOfLeadingZeros(v);
  }

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
