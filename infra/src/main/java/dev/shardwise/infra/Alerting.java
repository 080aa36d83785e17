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
 * Where alarms go: two SNS topics (encrypted with the stack's key, TLS only). {@code
 * shardwise-alarms} receives the paging composite's ALARM and OK (on-call); {@code
 * shardwise-notifications} receives every other alarm's (working hours). Each gets an e-mail
 * subscription when its stack parameter ({@value #EMAIL_PARAMETER}, {@value
 * #NOTIFICATION_EMAIL_PARAMETER}) is set at deploy time (AWS mails a confirmation link first).
 */
public final class Alerting extends Construct {
  /** The CloudFormation parameter holding the on-call e-mail address; empty for none. */
  public static final String EMAIL_PARAMETER = "AlarmEmail";

  /** The parameter holding the address for the alarms that do not page; empty for none. */
  public static final String NOTIFICATION_EMAIL_PARAMETER = "NotificationEmail";

  private final Topic topic;
  private final Topic notifications;

  public Alerting(Construct scope, String id, IKey key) {
    super(scope, id);
    topic = topic(scope, "Topic", "shardwise-alarms", "shardwise alarms", key, EMAIL_PARAMETER);
    notifications =
        topic(
            scope,
            "Notifications",
            "shardwise-notifications",
            "shardwise notifications",
            key,
            NOTIFICATION_EMAIL_PARAMETER);
    // CloudWatch publishes alarm notifications to the encrypted topics with this key.
    key.grant(
        new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
  }

  private Topic topic(
      Construct scope, String id, String name, String displayName, IKey key, String parameter) {
    Topic t =
        Topic.Builder.create(this, id)
            .topicName(name)
            .displayName(displayName)
            .masterKey(key)
            .enforceSsl(true)
            .build();
    CfnParameter email =
        CfnParameter.Builder.create(scope, parameter)
            .type("String")
            .defaultValue("")
            .allowedPattern("^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")
            .constraintDescription("an e-mail address, or empty for no subscription")
            .description("E-mail address subscribed to " + name + " (empty: no subscription)")
            .build();
    CfnCondition hasEmail =
        CfnCondition.Builder.create(this, "Has" + parameter)
            .expression(Fn.conditionNot(Fn.conditionEquals(email.getValueAsString(), "")))
            .build();
    CfnSubscription subscription =
        CfnSubscription.Builder.create(this, id + "EmailSubscription")
            .topicArn(t.getTopicArn())
            .protocol("email")
            .endpoint(email.getValueAsString())
            .build();
    subscription.getCfnOptions().setCondition(hasEmail);
    return t;
  }

  /** The paging topic. */
  public ITopic topic() {
    return topic;
  }

  /** The topic of the alarms that do not page. */
  public ITopic notifications() {
    return notifications;
  }
}
