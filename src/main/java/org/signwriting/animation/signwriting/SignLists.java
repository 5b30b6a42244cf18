package org.signwriting.animation.signwriting;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lists of signs in files, as the shared corpora come: a JSON file (a list of strings, a list of objects with a
 * {@code signwriting} field like the DGS corpus, or an object whose values are signs, lists or further
 * objects, like the fingerspelling alphabets) or a text file with one sign per line. Only the texts are read;
 * parse them with {@link SignWriting#parse}.
 */
public final class SignLists {
  private SignLists() {}

  public static List<String> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.toString(), in);
    }
  }

  /**
   * As {@link #read(Path)}, from a stream (UTF-8); {@code source} names it in messages, and is JSON when it ends
   * with {@code .json}.
   */
  public static List<String> read(String source, InputStream stream) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8.newDecoder()));
    if (source.toLowerCase(Locale.ROOT).endsWith(".json")) {
      try {
        List<String> signs = new ArrayList<>();
        collect(JsonParser.parseReader(in), signs);
        return signs;
      } catch (JsonParseException | IllegalStateException e) {
        throw new IOException(source + ": not valid JSON: " + e.getMessage(), e);
      }
    }
    try {
      return in.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof CharacterCodingException) {
        throw new IOException(source + ": not UTF-8 text", e.getCause());
      }
      throw e.getCause();
    }
  }

  private static void collect(JsonElement element, List<String> into) {
    if (element.isJsonPrimitive()) {
      into.add(element.getAsString());
    } else if (element.isJsonArray()) {
      for (JsonElement child : element.getAsJsonArray()) {
        collect(child, into);
      }
    } else if (element.isJsonObject()) {
      JsonObject object = element.getAsJsonObject();
      if (object.has("signwriting")) {
        collect(object.get("signwriting"), into);
        return;
      }
      for (var entry : object.entrySet()) {
        collect(entry.getValue(), into);
      }
    }
  }
}
