package org.signwriting.animation.signwriting;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists of signs in files, as the shared corpora come: a JSON file (a list of strings, a list of objects with a
 * {@code signwriting} field like the DGS corpus, or an object whose values are signs, lists or further
 * objects, like the fingerspelling alphabets) or a text file with one sign per line. Only the texts are read;
 * parse them with {@link SignWriting#parse}.
 */
public final class SignLists {
  private SignLists() {}

  public static List<String> read(Path file) throws IOException {
    if (file.getFileName().toString().toLowerCase().endsWith(".json")) {
      try (Reader in = Files.newBufferedReader(file)) {
        List<String> signs = new ArrayList<>();
        collect(JsonParser.parseReader(in), signs);
        return signs;
      } catch (JsonParseException | IllegalStateException e) {
        throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
      }
    }
    return Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
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
