package dev.shardwise.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * Runs Athena DDL statements (the catalogue's {@code CREATE OR REPLACE VIEW}s) in the work group
 * when the stack is deployed, each awaited: a view Athena rejects fails the deploy with Athena's
 * reason. Athena views are Glue tables holding Presto view text and column types that only Athena's
 * analyser produces, so they are created by Athena itself rather than written as {@code CfnTable}s.
 * A changed statement re-runs them all (they replace).
 *
 * <p>The handler ({@code athena-statements.js}, Node.js, inline) may start and read queries in this
 * work group, read the database's tables and create or update only the named views, and write query
 * results in the results bucket's {@code results/} prefix.
 */
public final class AthenaStatements extends Construct {
  private static final String HANDLER = "dev/shardwise/infra/athena-statements.js";

  public AthenaStatements(
      Construct scope,
      String id,
      String workGroup,
      String database,
      List<String> tableNames,
      List<String> viewNames,
      List<String> statements,
      IBucket results,
      IKey key) {
    super(scope, id);
    Stack stack = Stack.of(this);
    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(RetentionDays.ONE_MONTH)
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    Role role =
        Role.Builder.create(this, "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("shardwise: creates the Athena views at deploy time")
            .build();
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("OwnLogs")
            .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
            .resources(List.of(logs.getLogGroupArn()))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("Queries")
            .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution"))
            .resources(List.of(arn(stack, "athena", "workgroup", workGroup)))
            .build());
    List<String> viewArns =
        viewNames.stream().map(v -> arn(stack, "glue", "table", database + "/" + v)).toList();
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ReadCatalogue")
            .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables"))
            .resources(
                List.of(
                    arn(stack, "glue", "catalog", null), arn(stack, "glue", "database", database)))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ReadTables")
            .actions(List.of("glue:GetTable"))
            .resources(
                java.util.stream.Stream.concat(tableNames.stream(), viewNames.stream())
                    .map(t -> arn(stack, "glue", "table", database + "/" + t))
                    .toList())
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("WriteViews")
            .actions(List.of("glue:CreateTable", "glue:UpdateTable"))
            .resources(
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(
                            arn(stack, "glue", "catalog", null),
                            arn(stack, "glue", "database", database)),
                        viewArns.stream())
                    .toList())
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("Results")
            .actions(
                List.of(
                    "s3:GetBucketLocation",
                    "s3:ListBucket",
                    "s3:GetObject",
                    "s3:PutObject",
                    "s3:AbortMultipartUpload"))
            .resources(List.of(results.getBucketArn(), results.arnForObjects("results/*")))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ResultsKey")
            .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
            .resources(List.of(key.getKeyArn()))
            .conditions(
                Map.of(
                    "StringEquals",
                    Map.of("kms:ViaService", "s3." + Aws.REGION + "." + Aws.URL_SUFFIX)))
            .build());

    Function handler =
        Function.Builder.create(this, "Handler")
            .description("shardwise: runs the Athena view statements at deploy time")
            .runtime(Runtime.NODEJS_24_X)
            .architecture(Architecture.ARM_64)
            .handler("index.handler")
            .code(Code.fromInline(source()))
            .timeout(Duration.minutes(5))
            .memorySize(256)
            .role(role)
            .logGroup(logs)
            .build();
    Role frameworkRole =
        Role.Builder.create(this, "ProviderRole")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("shardwise: CDK custom resource framework for the Athena views")
            .build();
    var provider =
        software.amazon.awscdk.customresources.Provider.Builder.create(this, "Provider")
            .onEventHandler(handler)
            .frameworkOnEventRole(frameworkRole)
            .logGroup(logs)
            .build();
    Nag.allowObjectWildcards(
        role,
        results,
        List.of("results/*"),
        "Athena names each result object by its query id, below the work group's results/ prefix");
    Nag.allowFinding(
        frameworkRole,
        "AwsSolutions-IAM5",
        "Resource::<" + Nag.logicalId(handler) + ".Arn>:*",
        "The CDK custom resource framework invokes the handler's versions (ARN suffix :*); the"
            + " handler is this construct's own function");
    CustomResource.Builder.create(this, "Views")
        .serviceToken(provider.getServiceToken())
        .resourceType("Custom::AthenaStatements")
        .properties(Map.of("WorkGroup", workGroup, "Database", database, "Statements", statements))
        .build();
  }

  private static String arn(Stack stack, String service, String resource, String name) {
    ArnComponents.Builder b = ArnComponents.builder().service(service).resource(resource);
    if (name != null) {
      b.resourceName(name);
    }
    return Arn.format(b.build(), stack);
  }

  private static String source() {
    try (InputStream in = AthenaStatements.class.getClassLoader().getResourceAsStream(HANDLER)) {
      if (in == null) {
        throw new IllegalStateException(HANDLER + " is missing from the infra jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
