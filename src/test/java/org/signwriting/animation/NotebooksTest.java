package org.signwriting.animation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.diffusion.TrainingMetrics;
import org.signwriting.animation.spark.PoseStatsJob;
import org.signwriting.animation.spark.PreparePosesJob;
import org.signwriting.animation.spark.RenderSignWritingJob;
import org.signwriting.animation.testing.LocalSpark;
import org.signwriting.animation.testing.SharedData;

/**
 * Keeps the notebooks in {@code notebooks/} honest without Python or Zeppelin: the real jobs run on two real
 * transcribed poses (plus a CSV row pointing nowhere, so {@code _rejected} has a row), and every column the
 * notebooks name must exist in what the jobs wrote. The Zeppelin note's Spark SQL runs on those outputs.
 */
class NotebooksTest {
  private static final Path NOTEBOOKS = Path.of(System.getProperty("swa.project.dir", ".")).resolve("notebooks");
  private static final Path JUPYTER = NOTEBOOKS.resolve("explore-prepared-data.ipynb");
  private static final Path ZEPPELIN = NOTEBOOKS.resolve("zeppelin/explore-prepared-data.zpln");
  private static final String METRICS = "metrics.csv";
  private static final String EMBEDDINGS = "embeddings";
  /** Which table each Python variable that the notebook subscripts with a column name holds. */
  private static final Map<String, String> PYTHON_TABLES = Map.ofEntries(
      Map.entry("poses", "prepared"), Map.entry("pose", "prepared"), Map.entry("of_split", "prepared"),
      Map.entry("rejected", "prepared/_rejected"),
      Map.entry("signs", "rendered"), Map.entry("sign", "rendered"), Map.entry("with_pose", "rendered"),
      Map.entry("stats", "pose-stats/stats"), Map.entry("of_dim", "pose-stats/stats"),
      Map.entry("of_component", "pose-stats/stats"),
      Map.entry("metrics", METRICS), Map.entry("embeddings", EMBEDDINGS));
  /** {@code variable["column"]} or {@code variable['column']}. */
  private static final Pattern PYTHON_COLUMN = Pattern.compile("(\\w+)\\[\\s*[\"'](\\w+)[\"']\\s*\\]");
  private static final Pattern ZEPPELIN_VIEW =
      Pattern.compile("spark\\.read\\.parquet\\(s\"\\$outputs/([^\"]+)\"\\)\\.createOrReplaceTempView\\(\"(\\w+)\"\\)");
  private static final Pattern ZEPPELIN_SQL = Pattern.compile("spark\\.sql\\(\"\"\"(.*?)\"\"\"\\)", Pattern.DOTALL);
  private static final Pattern ZEPPELIN_GET = Pattern.compile("getAs\\[[^\\]]+\\]\\(\"(\\w+)\"\\)");

  @TempDir static Path dir;
  private static Path outputs;
  /** Columns of each table the jobs wrote, by its folder under {@link #outputs}, plus metrics.csv's header. */
  private static final Map<String, Set<String>> COLUMNS = new HashMap<>();

  @BeforeAll
  static void runTheJobs() throws IOException, ReflectiveOperationException {
    Path csv = SharedData.path("transcription/data_subset.csv");
    Path poses = Files.createDirectories(dir.resolve("poses"));
    List<String> rows = new ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
    for (String row : rows.subList(1, rows.size())) {
      String file = row.substring(0, row.indexOf(','));
      Files.copy(SharedData.path("poses/" + file), poses.resolve(file));
    }
    rows.add("missing.pose,ase,0,100,M512x516S14c20489x485,dev");
    Path transcription = Files.write(dir.resolve("data.csv"), rows, StandardCharsets.UTF_8);

    SparkSession spark = LocalSpark.session();
    outputs = dir.resolve("outputs");
    PreparePosesJob.run(spark,
        new PreparePosesJob.Options(poses.toString(), transcription.toString(), outputs.resolve("prepared").toString(), false));
    RenderSignWritingJob.run(spark,
        new RenderSignWritingJob.Options(transcription.toString(), outputs.resolve("rendered").toString(), null));
    PoseStatsJob.run(spark, outputs.resolve("prepared").toString(), "train", outputs.resolve("pose-stats").toString());
    for (String table : List.of("prepared", "prepared/_rejected", "rendered", "pose-stats/stats")) {
      COLUMNS.put(table, Set.of(spark.read().parquet(outputs.resolve(table).toString()).schema().fieldNames()));
    }
    assertEquals(1, spark.read().parquet(outputs.resolve("prepared/_rejected").toString()).count());
    // The trainer writes metrics.csv with this header (package-private: read, not copied).
    Field header = TrainingMetrics.class.getDeclaredField("CSV_HEADER");
    header.setAccessible(true);
    COLUMNS.put(METRICS, Set.of(((String) header.get(null)).split(",")));
  }

  @Test
  void jupyterNotebookNamesOnlyColumnsTheJobsWrite() throws IOException {
    JsonObject notebook = JsonParser.parseString(Files.readString(JUPYTER)).getAsJsonObject();
    Map<String, Set<String>> referenced = pythonColumnsByTable(notebook);
    for (Map.Entry<String, Set<String>> table : referenced.entrySet()) {
      if (!table.getKey().equals(EMBEDDINGS)) {
        assertColumnsExist(JUPYTER, table.getKey(), table.getValue(), COLUMNS.get(table.getKey()));
      }
    }
    // The checks above saw the notebook's real uses (the pattern would miss a changed spelling of them).
    assertTrue(referenced.get("prepared").containsAll(
        List.of("data", "confidence", "frames", "people", "points", "dims", "fps", "split", "sign_id")),
        "prepared columns found: " + referenced.get("prepared"));
    assertTrue(referenced.get("rendered").contains("png"), "signs columns found: " + referenced.get("rendered"));
    assertTrue(referenced.get("pose-stats/stats").containsAll(List.of("mean", "std")), "" + referenced.get("pose-stats/stats"));
    assertTrue(referenced.get(METRICS).containsAll(List.of("step", "loss", "dev_dtw_mje")), "" + referenced.get(METRICS));

    for (JsonElement cell : notebook.getAsJsonArray("cells")) {
      JsonObject c = cell.getAsJsonObject();
      if (c.get("cell_type").getAsString().equals("code")) {
        assertTrue(c.getAsJsonArray("outputs").isEmpty() && c.get("execution_count").isJsonNull(),
            "commit the notebook with its outputs cleared: " + source(c).lines().findFirst().orElse(""));
      }
    }
  }

  @Test
  void jupyterEmbeddingSectionNamesColumnsOfPrepareEmbeddings() throws IOException, ReflectiveOperationException {
    Class<?> job;
    try {
      job = Class.forName("org.signwriting.animation.spark.PrepareEmbeddingsJob");
    } catch (ClassNotFoundException e) {
      assumeTrue(false, "prepare-embeddings is not on this branch: its columns cannot be checked");
      return;
    }
    StructType schema = (StructType) job.getField("SCHEMA").get(null);
    JsonObject notebook = JsonParser.parseString(Files.readString(JUPYTER)).getAsJsonObject();
    Set<String> referenced = pythonColumnsByTable(notebook).get(EMBEDDINGS);
    assertTrue(referenced.contains("embedding"), "embedding columns found: " + referenced);
    assertColumnsExist(JUPYTER, EMBEDDINGS, referenced, Set.of(schema.fieldNames()));
  }

  @Test
  void zeppelinNoteQueriesRunOnTheJobOutputs() throws IOException {
    JsonObject note = JsonParser.parseString(Files.readString(ZEPPELIN)).getAsJsonObject();
    SparkSession spark = LocalSpark.session().newSession();
    int views = 0;
    int queries = 0;
    for (JsonElement paragraph : note.getAsJsonArray("paragraphs")) {
      String title = paragraph.getAsJsonObject().get("title").getAsString();
      String text = paragraph.getAsJsonObject().get("text").getAsString();
      for (Matcher view = ZEPPELIN_VIEW.matcher(text); view.find(); views++) {
        spark.read().parquet(outputs.resolve(view.group(1)).toString()).createOrReplaceTempView(view.group(2));
      }
      Set<String> resultColumns = new LinkedHashSet<>();
      for (Matcher sql = ZEPPELIN_SQL.matcher(text); sql.find(); queries++) {
        // Spark's analyzer names any column or table that does not exist; running it checks the rest.
        Dataset<Row> result;
        List<Row> rows;
        try {
          result = spark.sql(sql.group(1));
          rows = result.collectAsList();
        } catch (Exception e) {
          throw new AssertionError(ZEPPELIN.getFileName() + ", paragraph '" + title + "': " + e.getMessage(), e);
        }
        assertTrue(!rows.isEmpty(), "no rows from paragraph '" + title + "'");
        resultColumns.addAll(List.of(result.schema().fieldNames()));
      }
      Set<String> read = new LinkedHashSet<>();
      for (Matcher get = ZEPPELIN_GET.matcher(text); get.find();) {
        read.add(get.group(1));
      }
      assertColumnsExist(ZEPPELIN, "the results of paragraph '" + title + "'", read, resultColumns);
    }
    assertEquals(4, views, "tables registered by the note");
    assertTrue(queries >= 5, queries + " queries found");
  }

  private static Map<String, Set<String>> pythonColumnsByTable(JsonObject notebook) {
    Map<String, Set<String>> referenced = new HashMap<>();
    for (JsonElement cell : notebook.getAsJsonArray("cells")) {
      JsonObject c = cell.getAsJsonObject();
      if (!c.get("cell_type").getAsString().equals("code")) {
        continue;
      }
      for (Matcher m = PYTHON_COLUMN.matcher(source(c)); m.find();) {
        String table = PYTHON_TABLES.get(m.group(1));
        if (table == null) {
          fail(JUPYTER + ": '" + m.group(0) + "' subscripts a variable this test does not know; add it to"
              + " PYTHON_TABLES with the table it holds");
        }
        referenced.computeIfAbsent(table, t -> new LinkedHashSet<>()).add(m.group(2));
      }
    }
    return referenced;
  }

  private static String source(JsonObject cell) {
    JsonElement source = cell.get("source");
    if (source.isJsonPrimitive()) {
      return source.getAsString();
    }
    StringBuilder text = new StringBuilder();
    source.getAsJsonArray().forEach(line -> text.append(line.getAsString()));
    return text.toString();
  }

  private static void assertColumnsExist(Path notebook, String table, Set<String> referenced, Set<String> columns) {
    Set<String> unknown = new LinkedHashSet<>(referenced);
    unknown.removeAll(columns);
    assertTrue(unknown.isEmpty(), notebook.getFileName() + " names " + unknown + " in " + table
        + ", which has only " + columns);
  }
}
