package dev.shardwise.local.firehose.internal;

import dev.shardwise.local.firehose.TableSchema;
import dev.shardwise.local.firehose.internal.HiveType.ArrayType;
import dev.shardwise.local.firehose.internal.HiveType.MapType;
import dev.shardwise.local.firehose.internal.HiveType.Primitive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Writes rows from {@link RowConverter} as one Parquet file in memory, with parquet-mr (through
 * parquet-floor's Hadoop-free shims). Types: strings as UTF-8 binary, {@code int}/{@code
 * smallint}/{@code tinyint} as INT32, {@code bigint} as INT64, {@code timestamp} as INT64
 * TIMESTAMP(MILLIS, UTC-normalized=false), {@code date} as INT32 DATE, maps and arrays as the
 * standard 3-level MAP and LIST groups. Every column is optional.
 */
public final class ParquetEncoder {
  private final MessageType schema;
  private final HiveType[] types;
  private final CompressionCodecName codec;

  public ParquetEncoder(TableSchema table, String compression) {
    List<Type> fields = new ArrayList<>();
    this.types = new HiveType[table.columns().size()];
    for (int i = 0; i < types.length; i++) {
      TableSchema.Column c = table.columns().get(i);
      types[i] = HiveType.parse(c.type());
      fields.add(type(c.name(), types[i], Repetition.OPTIONAL));
    }
    this.schema = new MessageType(table.table(), fields);
    this.codec =
        switch (compression) {
          case "SNAPPY" -> CompressionCodecName.SNAPPY;
          case "UNCOMPRESSED" -> CompressionCodecName.UNCOMPRESSED;
          default ->
              throw new IllegalArgumentException(
                  "ParquetSerDe Compression "
                      + compression
                      + " is not supported by the local Firehose (SNAPPY, UNCOMPRESSED)");
        };
  }

  public MessageType schema() {
    return schema;
  }

  /** One Parquet file of these rows, in memory. */
  public byte[] encode(List<Object[]> rows) throws IOException {
    Session session = open();
    for (Object[] row : rows) {
      session.write(row);
    }
    return session.finish();
  }

  /**
   * A file being written: rows are encoded as they come (pages and row groups as parquet-mr cuts
   * them), so a buffer holds encoded columns instead of rows and its delivery only writes the last
   * row group and the footer. Not thread-safe: one writer at a time.
   */
  public Session open() throws IOException {
    return new Session(this);
  }

  /** An open Parquet file in memory; see {@link #open()}. */
  public static final class Session {
    private final MemoryFile file = new MemoryFile();
    private final ParquetWriter<Object[]> writer;
    private long rows;
    private byte[] bytes;

    private Session(ParquetEncoder e) throws IOException {
      this.writer =
          new Builder(file, e.schema, e.types)
              .withCompressionCodec(e.codec)
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              .withConf(new Configuration())
              .build();
    }

    /** Appends a row from {@link RowConverter}. */
    public void write(Object[] row) throws IOException {
      if (bytes != null) {
        throw new IllegalStateException("the file is finished");
      }
      writer.write(row);
      rows++;
    }

    /** Rows written so far. */
    public long rows() {
      return rows;
    }

    /** Closes the file (once) and returns its bytes; later calls return the same bytes. */
    public byte[] finish() throws IOException {
      if (bytes == null) {
        writer.close();
        bytes = file.bytes.toByteArray();
      }
      return bytes;
    }
  }

  private static Type type(String name, HiveType t, Repetition repetition) {
    if (t instanceof Primitive p) {
      return switch (p.kind()) {
        case STRING ->
            Types.primitive(PrimitiveTypeName.BINARY, repetition)
                .as(LogicalTypeAnnotation.stringType())
                .named(name);
        case INT -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
        case SMALLINT ->
            Types.primitive(PrimitiveTypeName.INT32, repetition)
                .as(LogicalTypeAnnotation.intType(16, true))
                .named(name);
        case TINYINT ->
            Types.primitive(PrimitiveTypeName.INT32, repetition)
                .as(LogicalTypeAnnotation.intType(8, true))
                .named(name);
        case BIGINT -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
        case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
        case FLOAT -> Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
        case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
        case TIMESTAMP ->
            Types.primitive(PrimitiveTypeName.INT64, repetition)
                .as(
                    LogicalTypeAnnotation.timestampType(
                        false, LogicalTypeAnnotation.TimeUnit.MILLIS))
                .named(name);
        case DATE ->
            Types.primitive(PrimitiveTypeName.INT32, repetition)
                .as(LogicalTypeAnnotation.dateType())
                .named(name);
      };
    }
    if (t instanceof MapType m) {
      GroupType kv =
          new GroupType(
              Repetition.REPEATED,
              "key_value",
              type("key", m.key(), Repetition.REQUIRED),
              type("value", m.value(), Repetition.OPTIONAL));
      return Types.buildGroup(repetition)
          .as(LogicalTypeAnnotation.mapType())
          .addField(kv)
          .named(name);
    }
    GroupType list =
        new GroupType(
            Repetition.REPEATED,
            "list",
            type("element", ((ArrayType) t).element(), Repetition.OPTIONAL));
    return Types.buildGroup(repetition)
        .as(LogicalTypeAnnotation.listType())
        .addField(list)
        .named(name);
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final MessageType schema;
    private final HiveType[] types;

    Builder(OutputFile file, MessageType schema, HiveType[] types) {
      super(file);
      this.schema = schema;
      this.types = types;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
      return new RowWriteSupport(schema, types);
    }
  }

  private static final class RowWriteSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private final HiveType[] types;
    private RecordConsumer out;

    RowWriteSupport(MessageType schema, HiveType[] types) {
      this.schema = schema;
      this.types = types;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      Map<String, String> meta = new HashMap<>();
      meta.put("writer", "shardwise local Firehose");
      return new WriteContext(schema, meta);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
      out.startMessage();
      for (int i = 0; i < types.length; i++) {
        if (row[i] != null) {
          String name = schema.getFieldName(i);
          out.startField(name, i);
          value(types[i], row[i]);
          out.endField(name, i);
        }
      }
      out.endMessage();
    }

    private void value(HiveType t, Object v) {
      if (t instanceof Primitive p) {
        switch (p.kind()) {
          case STRING -> out.addBinary(Binary.fromString((String) v));
          case INT, SMALLINT, TINYINT, DATE -> out.addInteger((Integer) v);
          case BIGINT, TIMESTAMP -> out.addLong((Long) v);
          case DOUBLE -> out.addDouble((Double) v);
          case FLOAT -> out.addFloat((Float) v);
          case BOOLEAN -> out.addBoolean((Boolean) v);
        }
        return;
      }
      out.startGroup();
      if (t instanceof MapType m) {
        Map<?, ?> map = (Map<?, ?>) v;
        if (!map.isEmpty()) {
          out.startField("key_value", 0);
          for (Map.Entry<?, ?> e : map.entrySet()) {
            out.startGroup();
            out.startField("key", 0);
            value(m.key(), e.getKey());
            out.endField("key", 0);
            if (e.getValue() != null) {
              out.startField("value", 1);
              value(m.value(), e.getValue());
              out.endField("value", 1);
            }
            out.endGroup();
          }
          out.endField("key_value", 0);
        }
      } else {
        List<?> list = (List<?>) v;
        HiveType element = ((ArrayType) t).element();
        if (!list.isEmpty()) {
          out.startField("list", 0);
          for (Object e : list) {
            out.startGroup();
            if (e != null) {
              out.startField("element", 0);
              value(element, e);
              out.endField("element", 0);
            }
            out.endGroup();
          }
          out.endField("list", 0);
        }
      }
      out.endGroup();
    }
  }

  /** An {@link OutputFile} in memory. */
  private static final class MemoryFile implements OutputFile {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return createOrOverwrite(blockSizeHint);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      bytes.reset();
      return new PositionOutputStream() {
        @Override
        public long getPos() {
          return bytes.size();
        }

        @Override
        public void write(int b) {
          bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          bytes.write(b, off, len);
        }
      };
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
