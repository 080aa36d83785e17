package dev.shardwise.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared-machine companion of three JMH benchmarks: the same setup and operation, timed in
 * thread CPU time (so time the thread spends waiting for a core does not count), all variants
 * interleaved round by round in one JVM, the best round of each after a quarter of the rounds as
 * warm-up. On a loaded machine JMH's wall-clock scores swing by more than the differences looked
 * for; this keeps the ratios between variants comparable. Not a replacement for JMH on a quiet
 * machine (the cache effects of other processes remain).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.shardwise.bench.CpuTimeLoop decode|consumer|state [rounds]
 * </pre>
 */
public final class CpuTimeLoop {
  private static final int DECODES_PER_ROUND = 20_000;

  private static volatile Object sink;

  private record Variant(String name, int eventsPerRun, Runnable run) {}

  private CpuTimeLoop() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: CpuTimeLoop decode|consumer|state [rounds]");
      System.exit(2);
    }
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    List<Variant> variants =
        switch (args[0]) {
          case "decode" -> decode();
          case "consumer" -> consumer();
          case "state" -> state();
          default -> throw new IllegalArgumentException("unknown benchmark " + args[0]);
        };
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] best = new long[variants.size()];
    java.util.Arrays.fill(best, Long.MAX_VALUE);
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < variants.size(); k++) {
        long t0 = mx.getCurrentThreadCpuTime();
        variants.get(k).run().run();
        long t = mx.getCurrentThreadCpuTime() - t0;
        if (r >= rounds / 4) {
          best[k] = Math.min(best[k], t);
        }
      }
    }
    System.out.printf(
        "%s, best of %d rounds of thread CPU time (%s, %d CPUs)%n",
        args[0],
        rounds - rounds / 4,
        System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors());
    for (int k = 0; k < variants.size(); k++) {
      Variant v = variants.get(k);
      System.out.printf(
          "  %-22s %9.3f ms per run  %8.1f ns per event%n",
          v.name(), best[k] / 1e6, best[k] / (double) v.eventsPerRun());
    }
  }

  private static List<Variant> decode() {
    List<Variant> out = new ArrayList<>();
    for (EventDecodeBenchmark.Impl impl : EventDecodeBenchmark.Impl.values()) {
      EventDecodeBenchmark b = new EventDecodeBenchmark();
      b.impl = impl;
      b.setUp();
      out.add(
          new Variant(
              impl.name(),
              DECODES_PER_ROUND,
              () -> {
                for (int i = 0; i < DECODES_PER_ROUND; i++) {
                  sink = b.decode();
                }
              }));
    }
    return out;
  }

  private static List<Variant> consumer() {
    List<Variant> out = new ArrayList<>();
    for (ConsumerBatchBenchmark.Impl impl : ConsumerBatchBenchmark.Impl.values()) {
      for (ConsumerBatchBenchmark.Format format : ConsumerBatchBenchmark.Format.values()) {
        // the range matters only to SHARDWISE KPL: STREAM (JMH's default) checks no aggregate,
        // SHARD checks every one
        for (ConsumerBatchBenchmark.Range range : ConsumerBatchBenchmark.Range.values()) {
          boolean checks =
              impl == ConsumerBatchBenchmark.Impl.SHARDWISE
                  && format == ConsumerBatchBenchmark.Format.KPL;
          if (range == ConsumerBatchBenchmark.Range.SHARD && !checks) {
            continue;
          }
          ConsumerBatchBenchmark b = new ConsumerBatchBenchmark();
          b.impl = impl;
          b.format = format;
          b.range = range;
          b.setup();
          out.add(
              new Variant(
                  impl + " " + format + (checks ? " " + range : ""),
                  ConsumerBatchBenchmark.RECORDS,
                  () -> sink = b.batch()));
        }
      }
    }
    for (ConsumerBatchBenchmark.Impl impl : ConsumerBatchBenchmark.Impl.values()) {
      ConsumerBatchBenchmark b = new ConsumerBatchBenchmark();
      b.impl = impl;
      b.format = ConsumerBatchBenchmark.Format.PLAIN;
      b.range = ConsumerBatchBenchmark.Range.STREAM;
      b.copies = 10;
      b.setup();
      out.add(
          new Variant(
              impl + " PLAIN 10% copies", ConsumerBatchBenchmark.RECORDS, () -> sink = b.batch()));
    }
    return out;
  }

  private static List<Variant> state() {
    List<Variant> out = new ArrayList<>();
    for (StateCodecBenchmark.Scale scale : StateCodecBenchmark.Scale.values()) {
      StateCodecBenchmark b = new StateCodecBenchmark();
      b.scale = scale;
      b.setup();
      out.add(new Variant(scale + " encode", scale.events, () -> sink = b.encode()));
      out.add(new Variant(scale + " decode", scale.events, () -> sink = b.decode()));
    }
    return out;
  }
}
