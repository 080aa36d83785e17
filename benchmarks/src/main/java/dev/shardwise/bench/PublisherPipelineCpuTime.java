package dev.shardwise.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link PublisherPipelineBenchmark}'s {@code publish} loop timed in thread CPU time, for machines
 * shared with other work (where JMH's wall-clock scores swing by more than the differences to
 * measure): per pipeline, the best of {@code rounds} rounds of {@code events} events, after a
 * warm-up pass over the same pipelines. Prints events per CPU-second. Arguments: {@code [rounds]
 * [events] [pipelines]}, default 300, 20,000 and all (a comma-separated list of {@link
 * PublisherPipelineBenchmark.Pipeline} names).
 */
public final class PublisherPipelineCpuTime {
  private PublisherPipelineCpuTime() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    PublisherPipelineBenchmark.Pipeline[] pipelines =
        args.length > 2
            ? java.util.Arrays.stream(args[2].split(","))
                .map(String::trim)
                .map(PublisherPipelineBenchmark.Pipeline::valueOf)
                .toArray(PublisherPipelineBenchmark.Pipeline[]::new)
            : PublisherPipelineBenchmark.Pipeline.values();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Object sinkHole = null;
    for (int pass = 0; pass < 2; pass++) {
      for (PublisherPipelineBenchmark.Pipeline p : pipelines) {
        PublisherPipelineBenchmark b = new PublisherPipelineBenchmark();
        b.pipeline = p;
        b.setUp();
        PublisherPipelineBenchmark.Sink sink = new PublisherPipelineBenchmark.Sink();
        long best = Long.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
          long start = mx.getCurrentThreadCpuTime();
          for (int i = 0; i < events; i++) {
            sinkHole = b.publish(sink);
          }
          best = Math.min(best, mx.getCurrentThreadCpuTime() - start);
        }
        if (pass == 1) {
          System.out.printf(
              "%-22s %,12.0f events per CPU-second (best of %d x %,d)%n",
              p, events * 1e9 / best, rounds, events);
        }
      }
    }
    if (sinkHole == null) {
      System.out.println("no result");
    }
  }
}
