package io.audioinsight.config;

import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its dotted path, its default and the values it allows. The environment variable
 * is derived from the path ({@code http.max_body_bytes} -> {@code HTTP_MAX_BODY_BYTES}); we derive it from
 * the known keys rather than parsing variable names back, because underscores inside a key make the reverse
 * mapping ambiguous.
 */
record ConfigKey(String path, Type type, Object defaultValue, double min, double max, List<String> choices,
                 String description) {

  enum Type { INT, LONG, DOUBLE, BOOLEAN, CHOICE, TEXT, ORIGINS }

  static ConfigKey integer(String path, long def, long min, long max, String description) {
    return new ConfigKey(path, Type.INT, def, min, max, List.of(), description);
  }

  static ConfigKey longValue(String path, long def, long min, long max, String description) {
    return new ConfigKey(path, Type.LONG, def, min, max, List.of(), description);
  }

  static ConfigKey decimal(String path, double def, double min, double max, String description) {
    return new ConfigKey(path, Type.DOUBLE, def, min, max, List.of(), description);
  }

  static ConfigKey bool(String path, boolean def, String description) {
    return new ConfigKey(path, Type.BOOLEAN, def, 0, 0, List.of(), description);
  }

  /** Free text (a path, a secret); only its length is checked ({@code max} characters). */
  static ConfigKey text(String path, String def, int maxLength, String description) {
    return new ConfigKey(path, Type.TEXT, def, 0, maxLength, List.of(), description);
  }

  static ConfigKey choice(String path, String def, List<String> choices, String description) {
    return new ConfigKey(path, Type.CHOICE, def, 0, 0, List.copyOf(choices), description);
  }

  /** A comma-separated list of web origins ({@code scheme://host[:port]}); empty for none. */
  static ConfigKey origins(String path, String description) {
    return new ConfigKey(path, Type.ORIGINS, List.of(), 0, 0, List.of(), description);
  }

  String envName() {
    return path.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** The allowed values, as written in error messages and the README. */
  String allowed() {
    return switch (type) {
      case INT, LONG -> "an integer in " + (long) min + ".." + (long) max;
      case DOUBLE -> "a number in " + fmt(min) + ".." + fmt(max);
      case BOOLEAN -> "true or false";
      case CHOICE -> "one of " + String.join("|", choices);
      case TEXT -> "a string of at most " + (long) max + " characters";
      case ORIGINS -> "a comma-separated list of origins (http[s]://host[:port]), or empty";
    };
  }

  /** Parses and range-checks {@code raw} (a JSON value or a string from a property or the environment). */
  Object parse(Object raw, String source) {
    try {
      Object value = switch (type) {
        case INT, LONG -> parseLong(raw);
        case DOUBLE -> parseDouble(raw);
        case BOOLEAN -> parseBoolean(raw);
        case CHOICE -> parseChoice(raw);
        case TEXT -> parseText(raw);
        case ORIGINS -> parseOrigins(raw);
      };
      if (value instanceof Long l && (l < min || l > max)) {
        throw new IllegalArgumentException();
      }
      if (value instanceof Double d && !(d >= min && d <= max)) {
        throw new IllegalArgumentException();
      }
      return type == Type.INT ? Integer.valueOf(((Long) value).intValue()) : value;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "config key " + path + " must be " + allowed() + ", got '" + raw + "' (from " + source + ")");
    }
  }

  private static long parseLong(Object raw) {
    if (raw instanceof Number n) {
      if (n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException();
      }
      return n.longValue();
    }
    return Long.parseLong(String.valueOf(raw).trim());
  }

  private static double parseDouble(Object raw) {
    double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(raw).trim());
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException();
    }
    return d;
  }

  private static boolean parseBoolean(Object raw) {
    if (raw instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException();
    };
  }

  private String parseChoice(Object raw) {
    String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
    if (!choices.contains(s)) {
      throw new IllegalArgumentException();
    }
    return s;
  }

  private String parseText(Object raw) {
    String s = String.valueOf(raw);
    if (s.length() > max) {
      throw new IllegalArgumentException();
    }
    return s;
  }

  /** Exact origins only, as browsers send them: no wildcard, no path, so the allow-list is what it says. */
  private static List<String> parseOrigins(Object raw) {
    if (raw instanceof List<?> list && list.isEmpty()) {
      return List.of();
    }
    String s = String.valueOf(raw).trim();
    if (s.isEmpty()) {
      return List.of();
    }
    List<String> origins = new java.util.ArrayList<>();
    for (String part : s.split(",", -1)) {
      String origin = part.trim();
      if (!ORIGIN.matcher(origin).matches()) {
        throw new IllegalArgumentException();
      }
      origins.add(origin);
    }
    return List.copyOf(origins);
  }

  private static final java.util.regex.Pattern ORIGIN =
      java.util.regex.Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
