package dev.shardwise.core.window.internal;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The container of every persisted shardwise state: {@code magic(3) version(1) varint(rawLength)
 * varint(deflatedLength) deflate(body) tail crc32(4)}. The body is compressed (zlib, fastest
 * level); the tail holds data that does not compress (fingerprints). The CRC-32 covers everything
 * before it.
 */
public final class Envelope {
  private Envelope() {}

  /** The parts of an opened envelope. */
  public record Opened(int version, ByteReader body, ByteReader tail) {}

  public static byte[] seal(byte[] magic, int version, ByteWriter body, ByteWriter tail) {
    ByteWriter out = new ByteWriter(body.size() / 2 + tail.size() + 32);
    out.writeBytes(magic, 0, magic.length);
    out.writeByte(version);
    out.writeVarInt(body.size());
    byte[] deflated = deflate(body.array(), body.size());
    out.writeVarInt(deflated.length);
    out.writeBytes(deflated, 0, deflated.length);
    out.writeBytes(tail.array(), 0, tail.size());
    CRC32 crc = new CRC32();
    crc.update(out.array(), 0, out.size());
    out.writeInt((int) crc.getValue());
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] data, int len) {
    Deflater d = new Deflater(Deflater.BEST_SPEED);
    try {
      d.setInput(data, 0, len);
      d.finish();
      ByteWriter out = new ByteWriter(len / 3 + 64);
      byte[] chunk = new byte[Math.min(1 << 16, Math.max(1024, len / 2 + 64))];
      while (!d.finished()) {
        int n = d.deflate(chunk);
        out.writeBytes(chunk, 0, n);
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
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
    if (data.length < magic.length + 1 + 4) {
      throw new CorruptInputException(what + " is too short (" + data.length + " bytes)");
    }
    for (int i = 0; i < magic.length; i++) {
      if (data[i] != magic[i]) {
        throw new CorruptInputException("not a shardwise " + what + " (wrong magic bytes)");
      }
    }
    int version = data[magic.length] & 0xFF;
    if (version != supportedVersion) {
      throw new UnsupportedVersionException(version, supportedVersion);
    }
    int crcAt = data.length - 4;
    CRC32 crc = new CRC32();
    crc.update(data, 0, crcAt);
    int stored = new ByteReader(data, crcAt, 4).readInt();
    if (stored != (int) crc.getValue()) {
      throw new CorruptInputException(what + " checksum mismatch (corrupt or truncated bytes)");
    }
    ByteReader in = new ByteReader(data, magic.length + 1, crcAt - magic.length - 1);
    int rawLength = in.readVarInt(maxRawLength, what + " body length");
    int deflatedLength = in.readVarInt(in.remaining(), what + " compressed length");
    byte[] body = inflate(data, in.position(), deflatedLength, rawLength, what);
    int tailAt = in.position() + deflatedLength;
    return new Opened(
        version,
        new ByteReader(body, 0, body.length),
        new ByteReader(data, tailAt, crcAt - tailAt));
  }

  private static byte[] inflate(byte[] data, int off, int len, int rawLength, String what) {
    Inflater inf = new Inflater();
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
            what + " body inflates to " + n + " bytes, not " + rawLength);
      }
      return out;
    } catch (DataFormatException e) {
      throw new CorruptInputException(what + " body is not valid deflate data: " + e.getMessage());
    } finally {
      inf.end();
    }
  }

  /** A format version this build does not read. */
  public static final class UnsupportedVersionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int version;

    UnsupportedVersionException(int version, int supported) {
      super("format version " + version + " (this release reads version " + supported + ")");
      this.version = version;
    }

    public int version() {
      return version;
    }
  }
}
