package dev.shardwise.local.firehose;

import dev.shardwise.core.kpl.Deaggregated;
import dev.shardwise.core.kpl.KplDecoder;
import dev.shardwise.core.kpl.UserRecord;
import java.util.ArrayList;
import java.util.List;

/** {@link Deaggregator} over the project's KPL codec ({@link KplDecoder}); the default. */
public final class KplDeaggregator implements Deaggregator {
  public static final KplDeaggregator INSTANCE = new KplDeaggregator();

  private KplDeaggregator() {}

  @Override
  public Result deaggregate(byte[] data, String partitionKey, String explicitHashKey) {
    Deaggregated d = KplDecoder.deaggregate(data, partitionKey, explicitHashKey);
    if (d instanceof Deaggregated.Corrupt c) {
      return new Corrupt(c.message());
    }
    List<UserRecord> records = ((Deaggregated.Records) d).records();
    List<byte[]> out = new ArrayList<>(records.size());
    for (UserRecord r : records) {
      out.add(r.data());
    }
    return new Records(out);
  }
}
