package org.signwriting.animation.testing;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DuckDB as a second, independent Parquet reader: tests check what Spark wrote without trusting Spark to read
 * it back. Arrays come back as Java lists.
 */
public final class DuckDb {
  private DuckDb() {}

  /** The rows of a query, each as column name to value. */
  public static List<Map<String, Object>> query(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          Object value = result.getObject(c);
          if (value instanceof Array array) {
            value = List.of((Object[]) array.getArray());
          } else if (value instanceof java.sql.Blob blob) {
            value = blob.getBytes(1, (int) blob.length());
          }
          row.put(meta.getColumnName(c), value);
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** The prepare-poses table under {@code output} (its split partitions), as SQL. */
  public static String preparedPoses(java.nio.file.Path output) {
    return "read_parquet('" + output.toAbsolutePath() + "/split=*/*.parquet', hive_partitioning = true)";
  }

  /** A single Parquet table folder (e.g. {@code _rejected}), as SQL. */
  public static String table(java.nio.file.Path folder) {
    return "read_parquet('" + folder.toAbsolutePath() + "/*.parquet')";
  }

  /** A DuckDB list of numbers (e.g. an embedding column) as floats. */
  public static float[] floats(Object list) {
    List<?> values = (List<?>) list;
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).floatValue();
    }
    return out;
  }

  static {
    try {
      Class.forName("org.duckdb.DuckDBDriver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
