package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Least privilege, checked over every identity policy in the template. */
class IamIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void identityPolicies_allowNoWildcardActionAndNoStarResource() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> statement : allowStatements()) {
      for (JsonNode action : list(statement.getValue().get("Action"))) {
        if (action.asText().contains("*")) {
          problems.add(statement.getKey() + " allows " + action.asText());
        }
      }
      for (JsonNode resource : list(statement.getValue().get("Resource"))) {
        if (resource.isTextual() && resource.asText().equals("*")) {
          problems.add(
              statement.getKey() + " allows " + statement.getValue().get("Action") + " on *");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void consumerRole_listsTheShardsOfItsStreamOnly() {
    JsonNode doc = policyDocument("ConsumerPolicy");
    JsonNode lineage = null;
    for (JsonNode st : doc.get("Statement")) {
      if (st.path("Sid").asText().equals("ShardLineage")) {
        lineage = st;
      }
    }
    assertThat(lineage).as("statement ShardLineage").isNotNull();
    assertThat(list(lineage.get("Action")))
        .extracting(JsonNode::asText)
        .containsExactly("kinesis:ListShards");
    assertThat(list(lineage.get("Resource"))).hasSize(1);
    assertThat(list(lineage.get("Resource")).get(0).at("/Fn::GetAtt/0").asText())
        .startsWith("Stream");
  }

  @Test
  void firehoseRoles_writeOnlyBelowTheirOwnPrefixes() {
    Synthesized s = Synthesized.get();
    var streams = s.stack.deliveryStreams().definitions();
    streams.forEach(
        (name, d) -> {
          String policyId = "Delivery" + Names.pascal(name) + "Policy";
          JsonNode doc = policyDocument(policyId);
          List<String> objectResources = new ArrayList<>();
          for (JsonNode st : doc.get("Statement")) {
            if (st.get("Sid").asText().equals("ArchiveObjects")) {
              for (JsonNode r : list(st.get("Resource"))) {
                objectResources.add(r.at("/Fn::Join/1/1").asText());
              }
            }
          }
          var s3 = d.extendedS3DestinationConfiguration();
          assertThat(objectResources)
              .containsExactlyInAnyOrder(
                  "/" + Names.fixedPrefix(s3.prefix()) + "*",
                  "/" + Names.fixedPrefix(s3.errorOutputPrefix()) + "*");
        });
  }

  private static JsonNode policyDocument(String logicalIdPrefix) {
    JsonNode resources = JSON.valueToTree(Synthesized.get().template.toJSON()).get("Resources");
    var it = resources.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getKey().startsWith(logicalIdPrefix)
          && e.getValue().get("Type").asText().equals("AWS::IAM::Policy")) {
        return e.getValue().at("/Properties/PolicyDocument");
      }
    }
    throw new AssertionError("no policy " + logicalIdPrefix);
  }

  private static List<Map.Entry<String, JsonNode>> allowStatements() {
    JsonNode resources = JSON.valueToTree(Synthesized.get().template.toJSON()).get("Resources");
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    resources
        .fields()
        .forEachRemaining(
            e -> {
              String type = e.getValue().get("Type").asText();
              List<JsonNode> docs = new ArrayList<>();
              if (type.equals("AWS::IAM::Policy")) {
                docs.add(e.getValue().at("/Properties/PolicyDocument"));
              } else if (type.equals("AWS::IAM::Role")) {
                list(e.getValue().at("/Properties/Policies"))
                    .forEach(p -> docs.add(p.get("PolicyDocument")));
              }
              for (JsonNode doc : docs) {
                for (JsonNode st : list(doc.get("Statement"))) {
                  if (st.get("Effect").asText().equals("Allow")) {
                    out.add(Map.entry(e.getKey(), st));
                  }
                }
              }
            });
    assertThat(out).isNotEmpty();
    return out;
  }

  private static List<JsonNode> list(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node == null || node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(out::add);
    } else {
      out.add(node);
    }
    return out;
  }
}
