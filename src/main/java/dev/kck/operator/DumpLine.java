package dev.kck.operator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.kck.kernel.Json;
import dev.kck.store.StoredEntry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of a cache dump: a stored entry and the keys recorded as built from it, so that a load
 * serves it identically (same value bytes, version, modified, expiry) and its recorded dependents
 * are refreshed when it changes. The value is written as the raw JSON the store holds and read
 * back byte for byte, so decimals keep their scale and nothing is re-encoded.
 *
 * <pre>{"key":"store/1","version":12,"modified":"...Z","expires_at":null,"dependents":[],"value":{...}}</pre>
 */
public record DumpLine(StoredEntry entry, List<String> dependents) {
  private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

  public DumpLine {
    Objects.requireNonNull(entry, "entry");
    dependents = List.copyOf(dependents);
  }

  /** The line's JSON text, without the line break. */
  public String write() {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("key", entry.key());
      json.writeNumberField("version", entry.version());
      json.writeStringField("modified", entry.modified().toString());
      json.writeStringField("expires_at", entry.expiresAt() == null ? null : entry.expiresAt().toString());
      json.writeArrayFieldStart("dependents");
      for (String dependent : dependents) {
        json.writeString(dependent);
      }
      json.writeEndArray();
      json.writeFieldName("value");
      json.writeRawValue(oneLine(entry.value()));
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /**
   * Reads a line {@link #write} wrote.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static DumpLine parse(String line) {
    try (JsonParser json = FACTORY.createParser(line)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      Fields fields = new Fields();
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        json.nextToken();
        fields.read(name, json, line);
      }
      if (json.nextToken() != null) {
        throw new IllegalArgumentException("text after the JSON object");
      }
      return fields.line();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a String holds no I/O
    }
  }

  /**
   * The value as one line of JSON text. The store holds the compact JSON KCK wrote, which never
   * holds a raw line break; anything else is re-encoded rather than breaking the line format.
   */
  private static String oneLine(byte[] value) throws IOException {
    String text = new String(value, StandardCharsets.UTF_8);
    if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      return text;
    }
    return Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(value));
  }

  /** The fields of a line as they are read, checked when complete. */
  private static final class Fields {
    private String key;
    private Long version;
    private Instant modified;
    private Instant expiresAt;
    private final List<String> dependents = new ArrayList<>();
    private byte[] value;

    void read(String name, JsonParser json, String line) throws IOException {
      switch (name) {
        case "key" -> key = text(json, name);
        case "version" -> version = positive(json);
        case "modified" -> modified = instant(json, name);
        case "expires_at" -> expiresAt = json.currentToken() == JsonToken.VALUE_NULL ? null : instant(json, name);
        case "dependents" -> readDependents(json);
        case "value" -> value = rawValue(json, line);
        default -> throw new IllegalArgumentException("unknown field '" + name + "'");
      }
    }

    DumpLine line() {
      for (Object[] field : new Object[][] {{"key", key}, {"version", version}, {"modified", modified},
          {"value", value}}) {
        if (field[1] == null) {
          throw new IllegalArgumentException("'" + field[0] + "' is missing");
        }
      }
      return new DumpLine(new StoredEntry(key, value, version, modified, expiresAt), dependents);
    }

    private void readDependents(JsonParser json) throws IOException {
      if (json.currentToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException("'dependents' must be an array of keys");
      }
      while (json.nextToken() != JsonToken.END_ARRAY) {
        dependents.add(text(json, "dependents"));
      }
    }

    /** The value's exact text: its span in the line, from its first token to the end of its last. */
    private static byte[] rawValue(JsonParser json, String line) throws IOException {
      int start = (int) json.currentTokenLocation().getCharOffset();
      json.skipChildren();
      json.finishToken(); // a scalar's end is known only once its token is read whole
      int end = (int) json.currentLocation().getCharOffset();
      return line.substring(start, end).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonParser json, String name) throws IOException {
      if (json.currentToken() != JsonToken.VALUE_STRING) {
        throw new IllegalArgumentException("'" + name + "' must be a string");
      }
      return json.getText();
    }

    private static long positive(JsonParser json) throws IOException {
      if (json.currentToken() != JsonToken.VALUE_NUMBER_INT || json.getLongValue() <= 0) {
        throw new IllegalArgumentException("'version' must be a positive whole number");
      }
      return json.getLongValue();
    }

    private static Instant instant(JsonParser json, String name) throws IOException {
      try {
        return Instant.parse(text(json, name));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + name + "' is not an ISO-8601 instant: " + json.getText());
      }
    }
  }
}
