package org.signwriting.animation.spark;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Rows of a table's Parquet files read where a task runs, without a Spark session (which exists only on the
 * driver): a task streams the row ranges given to it, one row at a time, reading only the columns it names, by
 * name. Any Hadoop file system works (file://, hdfs://, s3a://) with the job's Hadoop configuration.
 */
final class ParquetRows {
  private ParquetRows() {}

  /** A table file and its number of rows (from its footer). */
  record FileRows(String path, long rows) implements Serializable {}

  /** Rows {@code [first, first + count)} of one file. */
  record Range(String path, long first, long count) implements Serializable {}

  /**
   * The Parquet files of a table folder (a split's {@code split=NAME} folder, or a whole table), in name order:
   * Spark's own rule, files whose names start with {@code _} or {@code .} are not data. A missing folder has none.
   */
  static List<String> files(Configuration conf, String folder) throws IOException {
    Path path = new Path(folder);
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      return List.of();
    }
    List<String> files = new ArrayList<>();
    for (FileStatus status : fs.listStatus(path)) {
      String name = status.getPath().getName();
      if (status.isFile() && !name.startsWith("_") && !name.startsWith(".") && name.endsWith(".parquet")) {
        files.add(status.getPath().toString());
      }
    }
    files.sort(null);
    return files;
  }

  /** The number of rows of a Parquet file, from its footer. */
  static long rowCount(Configuration conf, String file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
      return reader.getRecordCount();
    }
  }

  /**
   * The rows of {@code ranges}, in order, with only {@code columns} (absent ones are left out). The reader is
   * lazy: one row group of one file is open at a time.
   */
  static Cursor read(Configuration conf, List<Range> ranges, Set<String> columns) {
    return new Cursor(conf, ranges, columns);
  }

  /** An open pass over row ranges. */
  static final class Cursor implements Iterator<Group>, Closeable {
    private final Configuration conf;
    private final Iterator<Range> ranges;
    private final Set<String> columns;
    private ParquetFileReader reader;
    private MessageType projection;
    private Iterator<BlockMetaData> rowGroups;
    private RecordReader<Group> records;
    private long rowsLeftInGroup;
    /** Rows still to skip at the start of the current range, and rows still to read in it. */
    private long skip;
    private long left;
    private Group next;

    private Cursor(Configuration conf, List<Range> ranges, Set<String> columns) {
      this.conf = conf;
      this.ranges = ranges.iterator();
      this.columns = columns;
    }

    @Override
    public boolean hasNext() {
      try {
        while (next == null) {
          if (left == 0) {
            if (!ranges.hasNext()) {
              close();
              return false;
            }
            openRange(ranges.next());
            continue;
          }
          if (rowsLeftInGroup == 0) {
            nextRowGroup();
            continue;
          }
          Group row = records.read();
          rowsLeftInGroup--;
          if (skip > 0) {
            skip--;
            continue;
          }
          left--;
          next = row;
        }
        return true;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public Group next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Group row = next;
      next = null;
      return row;
    }

    private void openRange(Range range) throws IOException {
      close();
      reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(range.path()), conf));
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      List<Type> fields = new ArrayList<>();
      for (Type field : schema.getFields()) {
        if (columns.contains(field.getName())) {
          fields.add(field);
        }
      }
      projection = new MessageType(schema.getName(), fields);
      reader.setRequestedSchema(projection);
      rowGroups = reader.getRowGroups().iterator();
      rowsLeftInGroup = 0;
      skip = range.first();
      left = range.count();
    }

    /** Moves to the next row group that holds rows of the range, skipping whole groups before it unread. */
    private void nextRowGroup() throws IOException {
      while (rowGroups.hasNext()) {
        long rows = rowGroups.next().getRowCount();
        if (skip >= rows) {
          reader.skipNextRowGroup();
          skip -= rows;
          continue;
        }
        PageReadStore pages = reader.readNextRowGroup();
        records = new ColumnIOFactory().getColumnIO(projection).getRecordReader(pages,
            new GroupRecordConverter(projection));
        rowsLeftInGroup = rows;
        return;
      }
      throw new IOException("the file has fewer rows than its range asks for (" + left + " more)");
    }

    @Override
    public void close() throws IOException {
      if (reader != null) {
        reader.close();
        reader = null;
      }
    }
  }

  /** A string column's value, null where the row has none. */
  static String string(Group row, String column) {
    return row.getType().containsField(column) && row.getFieldRepetitionCount(column) > 0
        ? row.getString(column, 0) : null;
  }

  /** The elements of a list column ({@code array<string>} as Spark writes it). */
  static List<String> strings(Group row, String column) {
    Group list = row.getGroup(column, 0);
    int n = list.getFieldRepetitionCount(0);
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(list.getGroup(0, i).getString(0, 0));
    }
    return values;
  }

  /** The elements of an {@code array<float>} column. */
  static float[] floats(Group row, String column) {
    Group list = row.getGroup(column, 0);
    int n = list.getFieldRepetitionCount(0);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = list.getGroup(0, i).getFloat(0, 0);
    }
    return values;
  }
}
