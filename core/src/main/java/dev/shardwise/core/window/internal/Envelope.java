package dev.shardwise.core.window.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The container of every persisted shardwise state: {@code magic(3) version(1) varint(sections)},
 * then per section {@code packing(1) varint(rawLength) varint(storedLength) bytes}, then a CRC-32
 * of everything before it. A section is stored as is, or zlib-compressed: text (LZ77 + Huffman at
 * the fastest level) or numbers (Huffman only: twice as fast as LZ77 on varints, about as small).
 */
public final class Envelope {
  private Envelope() {}

  /** How a section is stored. */
  public enum Packing {
    RAW,
    TEXT,
    NUMBERS
  }

  /** The sections of an opened envelope, in order. */
  public record Opened(int version, List<ByteReader> sections, List<Packing> packings) {}

  public static byte[] seal(
      byte[] magic, int version, List<ByteWriter> sections, List<Packing> packings) {
    ByteWriter out = new ByteWriter(sealedSize(magic, sections, packings, null));
    sealInto(magic, version, sections, packings, out);
    return out.toByteArray();
  }

  /** Appends the envelope of {@code sections} to {@code out}. */
  public static void sealInto(
      byte[] magic,
      int version,
      List<ByteWriter> sections,
      List<Packing> packings,
      ByteWriter out) {
    byte[][] packed = new byte[sections.size()][];
    int start = out.size();
    out.ensureCapacity(sealedSize(magic, sections, packings, packed));
    out.writeBytes(magic, 0, magic.length);
    out.writeByte(version);
    out.writeVarInt(sections.size());
    for (int i = 0; i < sections.size(); i++) {
      ByteWriter s = sections.get(i);
      out.writeByte(packings.get(i).ordinal());
      out.writeVarInt(s.size());
      if (packed[i] == null) {
        out.writeVarInt(s.size());
        out.writeBytes(s.array(), 0, s.size());
      } else {
        out.writeVarInt(packed[i].length);
        out.writeBytes(packed[i], 0, packed[i].length);
      }
    }
    CRC32 crc = new CRC32();
    crc.update(out.array(), start, out.size() - start);
    out.writeInt((int) crc.getValue());
  }

  /**
   * The size of the envelope; compresses the sections that are not raw into {@code packed} (when
   * not null; else assumes they are stored as is, an estimate).
   */
  private static int sealedSize(
      byte[] magic, List<ByteWriter> sections, List<Packing> packings, byte[][] packed) {
    int size = magic.length + 1 + ByteWriter.varIntSize(sections.size()) + 4;
    for (int i = 0; i < sections.size(); i++) {
      ByteWriter s = sections.get(i);
      if (packed != null && packings.get(i) != Packing.RAW) {
        packed[i] = deflate(s.array(), s.size(), packings.get(i));
      }
      int stored = packed == null || packed[i] == null ? s.size() : packed[i].length;
      size += 1 + ByteWriter.varIntSize(s.size()) + ByteWriter.varIntSize(stored) + stored;
    }
    return size;
  }

  /**
   * Per thread one deflater per packing and one inflater, reset for each section: creating them
   * (zlib's window and hash tables, a cleaner registration) for every section cost about as much as
   * compressing a small state. A deflater's settings never change after creation, so a reset one
   * writes the same bytes as a new one. They are never ended; their native memory goes with the
   * thread.
   */
  private static final ThreadLocal<Deflater> TEXT_DEFLATERS =
      ThreadLocal.withInitial(() -> deflater(Deflater.DEFAULT_STRATEGY));

  private static final ThreadLocal<Deflater> NUMBER_DEFLATERS =
      ThreadLocal.withInitial(() -> deflater(Deflater.HUFFMAN_ONLY));

  private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

  private static final ThreadLocal<byte[]> SCRATCH =
      ThreadLocal.withInitial(() -> new byte[1 << 16]);

  private static Deflater deflater(int strategy) {
    Deflater d = new Deflater(Deflater.BEST_SPEED);
    d.setStrategy(strategy);
    return d;
  }

  private static byte[] deflate(byte[] data, int len, Packing p) {
    Deflater d = (p == Packing.NUMBERS ? NUMBER_DEFLATERS : TEXT_DEFLATERS).get();
    d.reset();
    d.setInput(data, 0, len);
    d.finish();
    byte[] chunk = SCRATCH.get();
    ByteWriter out = new ByteWriter(len / 2 + 64);
    while (!d.finished()) {
      int n = d.deflate(chunk);
      out.writeBytes(chunk, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * Opens an envelope.
   *
   * @param what what the bytes should be, for messages ("window state")
   * @throws CorruptInputException when the magic, checksum or lengths are wrong
   * @throws UnsupportedVersionException when the version is not {@code supportedVersion}
   */
  public static Opened open(
      byte[] data, byte[] magic, int supportedVersion, String what, int maxRawLength) {
    return open(data, magic, supportedVersion, supportedVersion, what, maxRawLength);
  }

  /**
   * Opens an envelope of any version from {@code minVersion} to {@code maxVersion}; the caller
   * reads its sections by {@link Opened#version()}.
   *
   * @throws UnsupportedVersionException when the version is outside that range
   */
  public static Opened open(
      byte[] data, byte[] magic, int minVersion, int maxVersion, String what, int maxRawLength) {
    return open(data, data.length, magic, minVersion, maxVersion, what, maxRawLength);
  }

  /**
   * Opens the envelope in the first {@code length} bytes of {@code data}; raw sections are read in
   * place, so {@code data} must not change while they are read.
   */
  public static Opened open(
      byte[] data,
      int length,
      byte[] magic,
      int minVersion,
      int maxVersion,
      String what,
      int maxRawLength) {
    if (length < magic.length + 1 + 4 || length > data.length) {
      throw new CorruptInputException(what + " is too short (" + length + " bytes)");
    }
    for (int i = 0; i < magic.length; i++) {
      if (data[i] != magic[i]) {
        throw new CorruptInputException("not a shardwise " + what + " (wrong magic bytes)");
      }
    }
    int version = data[magic.length] & 0xFF;
    if (version < minVersion || version > maxVersion) {
      throw new UnsupportedVersionException(version, minVersion, maxVersion);
    }
    int crcAt = length - 4;
    CRC32 crc = new CRC32();
    crc.update(data, 0, crcAt);
    int stored = new ByteReader(data, crcAt, 4).readInt();
    if (stored != (int) crc.getValue()) {
      throw new CorruptInputException(what + " checksum mismatch (corrupt or truncated bytes)");
    }
    ByteReader in = new ByteReader(data, magic.length + 1, crcAt - magic.length - 1);
    int count = in.readVarInt(16, what + " section count");
    List<ByteReader> sections = new ArrayList<>(count);
    List<Packing> packings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int packing = in.readByte();
      if (packing >= Packing.values().length) {
        throw new CorruptInputException(what + " section " + i + " has unknown packing " + packing);
      }
      int rawLength = in.readVarInt(maxRawLength, what + " section length");
      int storedLength = in.readVarInt(in.remaining(), what + " stored section length");
      int at = in.position();
      in.skip(storedLength);
      packings.add(Packing.values()[packing]);
      if (Packing.values()[packing] == Packing.RAW) {
        if (rawLength != storedLength) {
          throw new CorruptInputException(what + " raw section lengths differ");
        }
        sections.add(new ByteReader(data, at, storedLength));
      } else {
        byte[] body = inflate(data, at, storedLength, rawLength, what);
        sections.add(new ByteReader(body, 0, body.length));
      }
    }
    if (in.remaining() != 0) {
      throw new CorruptInputException(
          what + " has " + in.remaining() + " bytes after its sections");
    }
    return new Opened(version, sections, packings);
  }

  private static byte[] inflate(byte[] data, int off, int len, int rawLength, String what) {
    Inflater inf = INFLATERS.get();
    inf.reset();
    try {
      inf.setInput(data, off, len);
      byte[] out = new byte[rawLength];
      int n = 0;
      while (n < rawLength) {
        int got = inf.inflate(out, n, rawLength - n);
        if (got == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != rawLength) {
        throw new CorruptInputException(
            what + " section inflates to " + n + " bytes, not " + rawLength);
      }
      return out;
    } catch (DataFormatException e) {
      throw new CorruptInputException(
          what + " section is not valid deflate data: " + e.getMessage());
    }
  }

  /** A format version this build does not read. */
  public static final class UnsupportedVersionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int version;

    UnsupportedVersionException(int version, int min, int max) {
      super(
          "format version "
              + version
              + " (this release reads "
              + (min == max ? "version " + min : "versions " + min + " to " + max)
              + ")");
      this.version = version;
    }

    public int version() {
      return version;
    }
  }
}
