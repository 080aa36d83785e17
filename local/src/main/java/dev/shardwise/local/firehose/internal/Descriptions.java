package dev.shardwise.local.firehose.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.firehose.ExtendedS3Destination;
import dev.shardwise.local.server.JsonRequest;

/** {@code DeliveryStreamDescription} of {@code DescribeDeliveryStream}, in the request's format. */
public final class Descriptions {
  private static final ObjectMapper API = DeliveryStreamDefinitions.mapper();

  private Descriptions() {}

  public static ObjectNode describe(JsonRequest request, StreamState s) {
    var d = s.definition();
    ObjectNode out = request.newResponse();
    ObjectNode desc = out.putObject("DeliveryStreamDescription");
    desc.put("DeliveryStreamName", d.deliveryStreamName());
    desc.put("DeliveryStreamARN", s.arn());
    desc.put("DeliveryStreamStatus", "ACTIVE");
    desc.put("DeliveryStreamType", d.kinesisSource() ? "KinesisStreamAsSource" : "DirectPut");
    desc.put("VersionId", "1");
    desc.set("CreateTimestamp", request.timestamp(s.created()));
    desc.set("LastUpdateTimestamp", request.timestamp(s.created()));
    desc.putObject("DeliveryStreamEncryptionConfiguration").put("Status", "DISABLED");
    if (d.kinesisSource()) {
      ObjectNode src = desc.putObject("Source").putObject("KinesisStreamSourceDescription");
      src.put("KinesisStreamARN", d.kinesisStreamSourceConfiguration().kinesisStreamARN());
      src.put("RoleARN", d.kinesisStreamSourceConfiguration().roleARN());
      src.set("DeliveryStartTimestamp", request.timestamp(s.created()));
    }
    ExtendedS3Destination s3 = d.extendedS3DestinationConfiguration();
    ObjectNode ext = (ObjectNode) API.valueToTree(s3);
    ObjectNode hints = ext.putObject("BufferingHints");
    hints.put("SizeInMBs", s3.sizeInMBs());
    hints.put("IntervalInSeconds", s3.interval().getSeconds());
    ext.put("CompressionFormat", s3.compression());
    if (!ext.has("EncryptionConfiguration")) {
      ext.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
    }
    ext.put("S3BackupMode", "Disabled");
    ObjectNode dest = desc.putArray("Destinations").addObject();
    dest.put("DestinationId", "destinationId-000000000001");
    dest.set("ExtendedS3DestinationDescription", ext);
    dest.set("S3DestinationDescription", s3Description(ext));
    desc.put("HasMoreDestinations", false);
    return out;
  }

  private static JsonNode s3Description(ObjectNode ext) {
    ObjectNode s3 = API.createObjectNode();
    for (String f :
        new String[] {
          "RoleARN",
          "BucketARN",
          "Prefix",
          "ErrorOutputPrefix",
          "BufferingHints",
          "CompressionFormat",
          "EncryptionConfiguration",
          "CloudWatchLoggingOptions"
        }) {
      if (ext.has(f)) {
        s3.set(f, ext.get(f));
      }
    }
    return s3;
  }
}
