package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * Encryption, TLS, public access, lifecycle and the work group's limits, as the template has them.
 */
class SecureDefaultsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyBucket_blocksPublicAccessDisablesAclsAndIsEncrypted() {
    Synthesized s = Synthesized.get();
    Map<String, Map<String, Object>> buckets = s.template.findResources("AWS::S3::Bucket");
    assertThat(buckets).hasSize(4);
    for (var bucket : buckets.entrySet()) {
      JsonNode p = JSON.valueToTree(bucket.getValue()).get("Properties");
      assertThat(p.at("/PublicAccessBlockConfiguration").toString())
          .as(bucket.getKey())
          .isEqualTo(
              "{\"BlockPublicAcls\":true,\"BlockPublicPolicy\":true,\"IgnorePublicAcls\":true,"
                  + "\"RestrictPublicBuckets\":true}");
      assertThat(p.at("/OwnershipControls/Rules/0/ObjectOwnership").asText())
          .isEqualTo("BucketOwnerEnforced");
      assertThat(p.at("/BucketEncryption/ServerSideEncryptionConfiguration/0").isObject()).isTrue();
      assertThat(JSON.valueToTree(bucket.getValue()).get("DeletionPolicy").asText())
          .isEqualTo("Retain");
    }
  }

  @Test
  void dataBuckets_useTheStackKeyWithBucketKeysAndLogTheirAccess() {
    Synthesized s = Synthesized.get();
    Object keyArn = s.stack.resolve(s.stack.key().getKeyArn());
    for (var bucket :
        List.of(
            s.stack.storage().archive(),
            s.stack.storage().athenaResults(),
            s.stack.storage().state())) {
      JsonNode p = resource(s, Nag.logicalId(bucket)).get("Properties");
      JsonNode sse = p.at("/BucketEncryption/ServerSideEncryptionConfiguration/0");
      assertThat(sse.at("/ServerSideEncryptionByDefault/SSEAlgorithm").asText())
          .isEqualTo("aws:kms");
      assertThat(sse.at("/ServerSideEncryptionByDefault/KMSMasterKeyID"))
          .isEqualTo(JSON.valueToTree(keyArn));
      assertThat(sse.get("BucketKeyEnabled").asBoolean()).isTrue();
      assertThat(p.at("/LoggingConfiguration/DestinationBucketName"))
          .isEqualTo(
              JSON.valueToTree(s.stack.resolve(s.stack.storage().accessLogs().getBucketName())));
    }
  }

  @Test
  void everyBucketPolicy_deniesRequestsWithoutTls() {
    Synthesized s = Synthesized.get();
    Map<String, Map<String, Object>> policies = s.template.findResources("AWS::S3::BucketPolicy");
    assertThat(policies).hasSize(4);
    for (var policy : policies.values()) {
      String text = JSON.valueToTree(policy).toString();
      assertThat(text).contains("\"Effect\":\"Deny\"", "\"aws:SecureTransport\":\"false\"");
    }
  }

  @Test
  void archiveLifecycle_followsTheDeliveryStreamPrefixes() {
    Synthesized s = Synthesized.get();
    StackSettings settings = StackSettings.defaults();
    JsonNode rules =
        resource(s, Nag.logicalId(s.stack.storage().archive()))
            .at("/Properties/LifecycleConfiguration/Rules");

    for (var d : s.stack.deliveryStreams().definitions().values()) {
      var s3 = d.extendedS3DestinationConfiguration();
      String errors = Names.fixedPrefix(s3.errorOutputPrefix());
      assertThat(rule(rules, errors).get("ExpirationInDays").asInt())
          .isEqualTo(settings.rejectsExpirationDays());
      if (d.kinesisSource()) {
        JsonNode transition = rule(rules, Names.fixedPrefix(s3.prefix())).at("/Transitions/0");
        assertThat(transition.get("StorageClass").asText()).isEqualTo("STANDARD_IA");
        assertThat(transition.get("TransitionInDays").asInt())
            .isEqualTo(settings.rawEventsInfrequentAccessDays());
      }
      if (d.deliveryStreamName().equals(ShardwiseStack.REJECTS_STREAM)) {
        assertThat(rule(rules, Names.fixedPrefix(s3.prefix())).get("ExpirationInDays").asInt())
            .isEqualTo(settings.rejectsExpirationDays());
      }
    }
  }

  @Test
  void stream_isKmsEncryptedWithTheSpecsShardsAndRetention() {
    Synthesized s = Synthesized.get();
    s.template.hasResourceProperties(
        "AWS::Kinesis::Stream",
        Map.of(
            "Name",
            "shardwise-events",
            "ShardCount",
            2,
            "RetentionPeriodHours",
            24,
            "StreamModeDetails",
            Map.of("StreamMode", "PROVISIONED"),
            "StreamEncryption",
            Map.of("EncryptionType", "KMS", "KeyId", s.stack.resolve(s.stack.key().getKeyArn()))));
  }

  @Test
  void workGroup_enforcesEncryptedResultsAndTheBytesScannedCutoff() {
    Synthesized s = Synthesized.get();
    s.template.hasResourceProperties(
        "AWS::Athena::WorkGroup",
        Map.of(
            "Name",
            Analytics.WORK_GROUP,
            "WorkGroupConfiguration",
            Match.objectLike(
                Map.of(
                    "EnforceWorkGroupConfiguration",
                    true,
                    "BytesScannedCutoffPerQuery",
                    StackSettings.defaults().bytesScannedCutoff(),
                    "PublishCloudWatchMetricsEnabled",
                    true,
                    "ResultConfiguration",
                    Map.of(
                        "EncryptionConfiguration",
                        Map.of(
                            "EncryptionOption",
                            "SSE_KMS",
                            "KmsKey",
                            s.stack.resolve(s.stack.key().getKeyArn())),
                        "OutputLocation",
                        Match.anyValue())))));
  }

  @Test
  void keyPolicy_letsCloudWatchLogsEncryptOnlyThisAccountsLogGroups() {
    Synthesized s = Synthesized.get();
    JsonNode statements =
        resource(s, Nag.logicalId(s.stack.key())).at("/Properties/KeyPolicy/Statement");
    JsonNode logs = null;
    for (JsonNode st : statements) {
      if (st.path("Sid").asText().equals("CloudWatchLogsOfThisAccount")) {
        logs = st;
      }
    }
    assertThat(logs).isNotNull();
    assertThat(logs.at("/Principal/Service").toString()).contains("logs.");
    assertThat(logs.at("/Condition/ArnLike/kms:EncryptionContext:aws:logs:arn").toString())
        .contains(":logs:", ":log-group:*");
    for (var group : s.template.findResources("AWS::Logs::LogGroup").values()) {
      assertThat(JSON.valueToTree(group).at("/Properties/KmsKeyId"))
          .isEqualTo(JSON.valueToTree(s.stack.resolve(s.stack.key().getKeyArn())));
    }
  }

  @Test
  void key_rotatesAndTopicIsEncryptedWithIt() {
    Synthesized s = Synthesized.get();
    s.template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    s.template.hasResourceProperties(
        "AWS::SNS::Topic", Map.of("KmsMasterKeyId", s.stack.resolve(s.stack.key().getKeyArn())));
    s.template.hasParameter(Alerting.EMAIL_PARAMETER, Map.of("Type", "String", "Default", ""));
    s.template.hasResource(
        "AWS::SNS::Subscription",
        Map.of(
            "Condition",
            Match.anyValue(),
            "Properties",
            Match.objectLike(Map.of("Protocol", "email"))));
  }

  private static JsonNode rule(JsonNode rules, String prefix) {
    for (JsonNode r : rules) {
      if (prefix.equals(r.path("Prefix").asText(null))) {
        return r;
      }
    }
    throw new AssertionError("no lifecycle rule for prefix " + prefix + " in " + rules);
  }

  private static JsonNode resource(Synthesized s, String logicalId) {
    return JSON.valueToTree(s.template.toJSON()).get("Resources").get(logicalId);
  }
}
