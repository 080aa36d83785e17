package dev.shardwise.infra;

import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.CfnSubscription;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Where alarms go: an SNS topic (encrypted with the stack's key, TLS only) and, when the {@value
 * #EMAIL_PARAMETER} stack parameter is set at deploy time, an e-mail subscription to it (AWS mails
 * a confirmation link first).
 */
public final class Alerting extends Construct {
  /** The CloudFormation parameter holding the on-call e-mail address; empty for none. */
  public static final String EMAIL_PARAMETER = "AlarmEmail";

  private final Topic topic;

  public Alerting(Construct scope, String id, IKey key) {
    super(scope, id);
    topic =
        Topic.Builder.create(this, "Topic")
            .topicName("shardwise-alarms")
            .displayName("shardwise alarms")
            .masterKey(key)
            .enforceSsl(true)
            .build();
    // CloudWatch publishes alarm notifications to the encrypted topic with this key.
    key.grant(
        new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");

    CfnParameter email =
        CfnParameter.Builder.create(scope, EMAIL_PARAMETER)
            .type("String")
            .defaultValue("")
            .allowedPattern("^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")
            .constraintDescription("an e-mail address, or empty for no subscription")
            .description("E-mail address that receives shardwise alarms (empty: no subscription)")
            .build();
    CfnCondition hasEmail =
        CfnCondition.Builder.create(this, "HasAlarmEmail")
            .expression(Fn.conditionNot(Fn.conditionEquals(email.getValueAsString(), "")))
            .build();
    CfnSubscription subscription =
        CfnSubscription.Builder.create(this, "EmailSubscription")
            .topicArn(topic.getTopicArn())
            .protocol("email")
            .endpoint(email.getValueAsString())
            .build();
    subscription.getCfnOptions().setCondition(hasEmail);
  }

  public ITopic topic() {
    return topic;
  }
}
