package org.signwriting.animation.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.FSDataInputStream;

/** A read-only {@link SeekableByteChannel} over a Hadoop file system's input stream. */
final class HadoopChannel implements SeekableByteChannel {
  private final FSDataInputStream in;
  private final long size;
  private long position;
  private boolean open = true;

  HadoopChannel(FSDataInputStream in, long size) {
    this.in = in;
    this.size = size;
  }

  @Override
  public int read(ByteBuffer target) throws IOException {
    ensureOpen();
    if (position >= size) {
      return -1;
    }
    int wanted = (int) Math.min(target.remaining(), size - position);
    int read;
    if (target.hasArray()) {
      read = in.read(position, target.array(), target.arrayOffset() + target.position(), wanted);
      if (read > 0) {
        target.position(target.position() + read);
      }
    } else {
      byte[] chunk = new byte[Math.min(wanted, 1 << 16)];
      read = in.read(position, chunk, 0, chunk.length);
      if (read > 0) {
        target.put(chunk, 0, read);
      }
    }
    if (read > 0) {
      position += read;
    }
    return read;
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return size;
  }

  @Override
  public int write(ByteBuffer source) {
    throw new NonWritableChannelException();
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    if (open) {
      open = false;
      in.close();
    }
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
