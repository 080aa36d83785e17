package dev.shardwise.local.athena;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import java.util.List;
import java.util.regex.Pattern;

/** Request checks and response pieces the Athena operations share, with Athena's wording. */
final class ApiChecks {
  private static final Pattern WORK_GROUP = Pattern.compile("[a-zA-Z0-9._-]{1,128}");

  private ApiChecks() {}

  static void catalog(JsonRequest r) throws AwsServiceException {
    String catalog = r.requiredString("CatalogName");
    if (!catalog.equalsIgnoreCase(QueryPlanner.CATALOG)) {
      throw metadata("Catalog " + catalog + " not found");
    }
  }

  static ObjectNode page(JsonRequest r, List<String> ids, int max, String member)
      throws AwsServiceException {
    int start = startIndex(r);
    ObjectNode out = r.newResponse();
    ArrayNode list = out.putArray(member);
    int end = Math.min(ids.size(), start + max);
    for (int i = start; i < end; i++) {
      list.add(ids.get(i));
    }
    if (end < ids.size()) {
      out.put("NextToken", Integer.toString(end));
    }
    return out;
  }

  static int pageSize(JsonRequest r, int dflt) throws AwsServiceException {
    int max = r.optionalInt("MaxResults", dflt);
    if (max < 0 || max > 50) {
      throw JsonRequest.constraint("MaxResults", max, "Member must have value between 0 and 50");
    }
    return max == 0 ? dflt : max;
  }

  static int startIndex(JsonRequest r) throws AwsServiceException {
    String token = r.optionalString("NextToken");
    if (token == null) {
      return 0;
    }
    try {
      return Integer.parseInt(token);
    } catch (NumberFormatException e) {
      throw invalid("Invalid NextToken");
    }
  }

  static String length(JsonRequest r, String member, String value, int min, int max)
      throws AwsServiceException {
    if (value.length() < min) {
      throw JsonRequest.constraint(
          member, value, "Member must have length greater than or equal to " + min);
    }
    if (value.length() > max) {
      throw JsonRequest.constraint(
          member, value, "Member must have length less than or equal to " + max);
    }
    return value;
  }

  static String workGroup(JsonRequest r, AthenaConfig config) throws AwsServiceException {
    String wg = r.optionalString("WorkGroup");
    if (wg == null) {
      return "primary";
    }
    if (!WORK_GROUP.matcher(wg).matches()) {
      throw JsonRequest.constraint(
          "WorkGroup", wg, "Member must satisfy regular expression pattern: [a-zA-Z0-9._-]{1,128}");
    }
    if (!config.workGroups().contains(wg)) {
      throw invalid("WorkGroup " + wg + " is not found.");
    }
    return wg;
  }

  static AwsServiceException invalid(String message) {
    return new AwsServiceException("InvalidRequestException", 400, message)
        .withField("AthenaErrorCode", "INVALID_INPUT");
  }

  static AwsServiceException metadata(String message) {
    return new AwsServiceException("MetadataException", 400, message);
  }
}
