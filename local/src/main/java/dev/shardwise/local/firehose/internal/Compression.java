package dev.shardwise.local.firehose.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

/** The {@code CompressionFormat}s the local Firehose writes, with Firehose's file extensions. */
public enum Compression {
  UNCOMPRESSED(""),
  GZIP(".gz"),
  /** The Snappy framing format (snappy-java's framed stream), as Firehose writes {@code Snappy}. */
  SNAPPY(".snappy");

  private final String extension;

  Compression(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  /** The compression for a {@code CompressionFormat} value, or null when not supported locally. */
  public static Compression of(String format) {
    return switch (format) {
      case "UNCOMPRESSED" -> UNCOMPRESSED;
      case "GZIP" -> GZIP;
      case "Snappy" -> SNAPPY;
      default -> null;
    };
  }

  public byte[] compress(byte[] data) throws IOException {
    if (this == UNCOMPRESSED) {
      return data;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, data.length / 4));
    try (OutputStream out =
        this == GZIP ? new GZIPOutputStream(bytes, 1 << 16) : new SnappyFramedOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }
}
