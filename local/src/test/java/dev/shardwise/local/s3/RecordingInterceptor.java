package dev.shardwise.local.s3;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records the headers of every signed request the SDK sends, to show which variant a test used. */
final class RecordingInterceptor implements ExecutionInterceptor {
  final List<Map<String, List<String>>> sent = new CopyOnWriteArrayList<>();

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    sent.add(context.httpRequest().headers());
  }

  /** The value of a header on the last request, or null. */
  String last(String header) {
    Map<String, List<String>> h = sent.get(sent.size() - 1);
    for (Map.Entry<String, List<String>> e : h.entrySet()) {
      if (e.getKey().equalsIgnoreCase(header)) {
        return e.getValue().get(0);
      }
    }
    return null;
  }
}
