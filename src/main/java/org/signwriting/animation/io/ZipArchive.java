package org.signwriting.animation.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.signwriting.animation.util.AtomicFiles;

/**
 * Unpacks a zip archive into a folder, verified: every file's CRC-32 and size must match the archive's directory,
 * and every name must stay inside the folder ({@link InputPaths}: no absolute names, no {@code ..}). When all
 * files sit in one top-level folder (an archive of {@code transcription/}), that folder is dropped, so the files
 * land where their names in the transcription CSV say. The files go to a staging folder beside the target that is
 * renamed into place at the end: a failed unpack leaves no half folder.
 */
public final class ZipArchive {
  private static final int BUFFER = 1 << 16;

  private ZipArchive() {}

  /** What was unpacked: the files and their bytes. */
  public record Unpacked(int files, long bytes) {}

  /**
   * Unpacks {@code zip} into {@code folder} (which must not exist yet, or be empty).
   *
   * @param progress hears the bytes to unpack (once, as a negative number, when the archive's directory gives every
   *     size) and then the bytes unpacked so far
   */
  public static Unpacked unpack(Path zip, Path folder, LongConsumer progress) throws IOException {
    if (Files.isDirectory(folder)) {
      try (Stream<Path> children = Files.list(folder)) {
        if (children.findAny().isPresent()) {
          throw new IOException(folder + ": exists and is not empty; unpacking needs an empty or new folder");
        }
      }
    }
    Path staging = folder.resolveSibling(folder.getFileName() + ".unpacking");
    AtomicFiles.deleteRecursively(staging);
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      List<ZipEntry> files = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> entries = archive.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        if (!entry.isDirectory()) {
          files.add(entry);
        }
      }
      String prefix = commonTopFolder(files);
      long total = 0;
      for (ZipEntry entry : files) {
        total = total < 0 || entry.getSize() < 0 ? -1 : total + entry.getSize();
      }
      if (total > 0) {
        progress.accept(-total);
      }
      Set<String> names = new HashSet<>();
      long bytes = 0;
      for (ZipEntry entry : files) {
        String name;
        try {
          name = InputPaths.relative(entry.getName().replace('\\', '/').substring(prefix.length()),
              zip.getFileName().toString());
        } catch (InputPaths.OutsideRootException e) {
          throw new IOException(zip + ": entry " + e.getMessage(), e);
        }
        if (!names.add(name)) {
          throw new IOException(zip + ": entry " + entry.getName() + " appears twice; the archive is not a corpus "
              + "this command unpacks");
        }
        Path target = staging.resolve(name);
        Files.createDirectories(target.getParent());
        CRC32 crc = new CRC32();
        long size = 0;
        try (InputStream in = archive.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
          byte[] buffer = new byte[BUFFER];
          for (int read; (read = in.read(buffer)) >= 0; ) {
            size += read;
            if (entry.getSize() >= 0 && size > entry.getSize()) {
              break; // more than the directory says: damaged (or built to fill the disk); refused below
            }
            out.write(buffer, 0, read);
            crc.update(buffer, 0, read);
            progress.accept(bytes + size);
          }
        }
        boolean sizeOk = entry.getSize() < 0 || size == entry.getSize();
        if (!sizeOk || (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc())) {
          throw new IOException(zip + ": entry " + entry.getName() + " is damaged (its size or CRC-32 does not match "
              + "the archive's directory); delete the archive and download it again");
        }
        bytes += size;
      }
      Files.deleteIfExists(folder);
      Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
      return new Unpacked(files.size(), bytes);
    } catch (java.util.zip.ZipException e) {
      throw new IOException(zip + ": not a readable zip archive (" + e.getMessage() + "); delete it and download "
          + "it again", e);
    } finally {
      AtomicFiles.deleteRecursively(staging);
    }
  }

  /** {@code top/} when every file's name starts with the same single folder, else empty. */
  static String commonTopFolder(List<ZipEntry> files) {
    String top = null;
    for (ZipEntry entry : files) {
      String name = entry.getName().replace('\\', '/');
      int slash = name.indexOf('/');
      if (slash <= 0) {
        return "";
      }
      String folder = name.substring(0, slash + 1);
      if (top != null && !top.equals(folder)) {
        return "";
      }
      top = folder;
    }
    return top == null ? "" : top;
  }

}
