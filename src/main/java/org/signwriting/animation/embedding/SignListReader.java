package org.signwriting.animation.embedding;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a list of signs for training, in any of the shapes sign lists come in:
 *
 * <ul>
 *   <li>a text file, one sign (FSW or SWU) per line, blank lines ignored;
 *   <li>a JSON list of strings;
 *   <li>a JSON list of objects with a {@code signwriting} field (the DGS HamNoSys–SignWriting file);
 *   <li>a JSON object whose values are lists of signs, or objects of such lists (the fingerspelling
 *       alphabets: letter → signs, or letter → {default, variations → name → signs}).
 * </ul>
 *
 * The texts are not parsed here; each keeps its origin so a bad sign can be named later.
 */
public final class SignListReader {
  private SignListReader() {}

  public static List<SignText> read(Path file) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.getFileName().toString();
    String trimmed = content.strip();
    List<SignText> signs = new ArrayList<>();
    if (name.endsWith(".json") || trimmed.startsWith("[") || trimmed.startsWith("{")) {
      JsonElement root;
      try {
        root = JsonParser.parseString(content);
      } catch (JsonParseException e) {
        throw new IllegalArgumentException(file + ": not valid JSON: " + firstLine(e.getMessage()), e);
      }
      if (root.isJsonArray()) {
        readList(root.getAsJsonArray(), name, file, signs);
      } else if (root.isJsonObject()) {
        readObject(root.getAsJsonObject(), name, file, signs);
      } else {
        throw new IllegalArgumentException(file + ": expected a JSON list or object of signs");
      }
    } else {
      List<String> lines = content.lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (!line.isEmpty()) {
          signs.add(new SignText(line, name + ":" + (i + 1)));
        }
      }
    }
    if (signs.isEmpty()) {
      throw new IllegalArgumentException(file + ": holds no signs");
    }
    return signs;
  }

  /**
   * The SignWriting of a transcription CSV ({@code pose,videoLanguage,start,end,text,split}): the
   * {@code text} column of every row, blank cells skipped.
   */
  public static List<SignText> readTranscriptionCsv(Path csv) throws IOException {
    String name = csv.getFileName().toString();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    List<SignText> signs = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(reader, format)) {
      if (!parser.getHeaderMap().containsKey("text")) {
        throw new IllegalArgumentException(csv + ": no \"text\" column (the transcription CSV has "
            + "pose,videoLanguage,start,end,text,split)");
      }
      for (CSVRecord row : parser) {
        String where = name + ":" + parser.getCurrentLineNumber();
        if (!row.isSet("text")) {
          throw new IllegalArgumentException(csv + ": line " + parser.getCurrentLineNumber()
              + " has no \"text\" value");
        }
        String text = row.get("text").strip();
        if (!text.isEmpty()) {
          signs.add(new SignText(text, where));
        }
      }
    } catch (java.io.UncheckedIOException e) {
      throw new IllegalArgumentException(csv + ": not a readable CSV: " + e.getCause().getMessage(), e);
    }
    if (signs.isEmpty()) {
      throw new IllegalArgumentException(csv + ": holds no SignWriting in its \"text\" column");
    }
    return signs;
  }

  private static void readList(JsonArray list, String origin, Path file, List<SignText> signs) {
    for (int i = 0; i < list.size(); i++) {
      JsonElement element = list.get(i);
      String where = origin + "[" + i + "]";
      if (isString(element)) {
        signs.add(new SignText(element.getAsString(), where));
      } else if (element.isJsonObject() && isString(element.getAsJsonObject().get("signwriting"))) {
        signs.add(new SignText(element.getAsJsonObject().get("signwriting").getAsString(), where));
      } else {
        throw new IllegalArgumentException(file + ": " + where
            + " is neither a sign string nor an object with a \"signwriting\" string field");
      }
    }
  }

  private static void readObject(JsonObject object, String origin, Path file, List<SignText> signs) {
    for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
      String where = origin + "[\"" + entry.getKey() + "\"]";
      JsonElement value = entry.getValue();
      if (value.isJsonArray()) {
        readList(value.getAsJsonArray(), where, file, signs);
      } else if (value.isJsonObject()) {
        readObject(value.getAsJsonObject(), where, file, signs);
      } else {
        throw new IllegalArgumentException(file + ": " + where
            + " is not a list of signs (an object's values must be lists of signs or such objects)");
      }
    }
  }

  private static boolean isString(JsonElement element) {
    return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
