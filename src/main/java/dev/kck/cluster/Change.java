package dev.kck.cluster;

/**
 * A cluster-wide notice about a key, carried between instances by the {@link ChangeFeed}.
 *
 * @param kind what happened
 * @param key the key it happened to
 * @param version the new version ({@link Kind#NEW_VERSION}); 0 otherwise
 */
public record Change(Kind kind, String key, long version) {

  public enum Kind {
    /** The key has a new value at this version: drop older L1 copies, push it to subscribers. */
    NEW_VERSION,
    /** The key's value was removed everywhere. */
    DELETED,
    /** A refresh was queued: idle workers may look now instead of at their next poll. */
    REFRESH_QUEUED
  }

  /** The NOTIFY payload: {@code kind|version|key} (the key last, since it may hold any character). */
  public String payload() {
    return kind.name().charAt(0) + "|" + version + "|" + key;
  }

  /** @throws IllegalArgumentException when the payload is not what {@link #payload} writes */
  public static Change parse(String payload) {
    String[] parts = payload.split("\\|", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("a change notice is kind|version|key, got '" + payload + "'");
    }
    Kind kind = switch (parts[0]) {
      case "N" -> Kind.NEW_VERSION;
      case "D" -> Kind.DELETED;
      case "R" -> Kind.REFRESH_QUEUED;
      default -> throw new IllegalArgumentException("unknown change kind in '" + payload + "'");
    };
    return new Change(kind, parts[2], Long.parseLong(parts[1]));
  }
}
