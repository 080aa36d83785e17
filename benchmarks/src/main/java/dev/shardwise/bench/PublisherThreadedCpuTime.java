package dev.shardwise.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.shardwise.core.event.Event;
import dev.shardwise.producer.DrainReport;
import dev.shardwise.producer.KinesisPublisher;
import dev.shardwise.producer.PublisherConfig;
import dev.shardwise.producer.internal.ShardMap;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link PublisherThreadedBenchmark} in CPU time, for a machine shared with other work: per round,
 * {@code threads} threads publish {@code events} events each through the real {@link
 * KinesisPublisher#publish(Event)} (Kinesis stubbed, 4 shards), then the round flushes. Prints, per
 * round, the CPU time per event of the publisher's I/O thread (the stage every event passes:
 * engine, request objects, completion) and of the whole process (callers' encoding, GC and JIT
 * included), and the best of each at the end. Arguments: {@code [rounds] [events per thread]
 * [threads] [AGGREGATED|PLAIN]}, default 20, 200,000, 4, {@code AGGREGATED}.
 */
public final class PublisherThreadedCpuTime {
  private PublisherThreadedCpuTime() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    boolean aggregated = args.length <= 3 || args[3].equals("AGGREGATED");
    Event[] inputs = PublisherPipelineBenchmark.inputs();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    AtomicReference<Thread> io = new AtomicReference<>();
    KinesisPublisher publisher =
        KinesisPublisher.builder(
                new PublisherThreadedBenchmark.StubKinesis(ShardMap.uniform(4)),
                PublisherConfig.builder("bench")
                    .aggregation(aggregated)
                    .shardRecordsPerSecond(0)
                    .shardBytesPerSecond(0)
                    .recordTtl(Duration.ofMinutes(10))
                    .build())
            .threadFactory(
                r -> {
                  Thread t = new Thread(r, "shardwise-publisher");
                  t.setDaemon(true);
                  io.set(t);
                  return t;
                })
            .build();
    double bestIo = Double.MAX_VALUE;
    double bestProcess = Double.MAX_VALUE;
    double bestRate = 0;
    for (int round = 0; round < rounds; round++) {
      long io0 = mx.getThreadCpuTime(io.get().getId());
      long p0 = os.getProcessCpuTime();
      long w0 = System.nanoTime();
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * 4099 + round;
        Thread caller =
            new Thread(
                () -> {
                  for (int i = 0; i < events; i++) {
                    publisher.publish(inputs[(offset + i) & (inputs.length - 1)]);
                  }
                });
        callers.add(caller);
        caller.start();
      }
      for (Thread caller : callers) {
        caller.join();
      }
      DrainReport flushed = publisher.flush(Duration.ofSeconds(60));
      if (!flushed.drained()) {
        throw new IllegalStateException("flush did not drain: " + flushed);
      }
      long wall = System.nanoTime() - w0;
      long total = (long) events * threads;
      double ioPerEvent = (mx.getThreadCpuTime(io.get().getId()) - io0) / (double) total;
      double processPerEvent = (os.getProcessCpuTime() - p0) / (double) total;
      double rate = total * 1e9 / wall;
      System.out.printf(
          "round %2d: I/O thread %.3f us/event (%,.0f events per I/O CPU-second), process %.3f"
              + " us/event, wall %,.0f events/s%n",
          round, ioPerEvent / 1000, 1e9 / ioPerEvent, processPerEvent / 1000, rate);
      if (round >= rounds / 2) {
        bestIo = Math.min(bestIo, ioPerEvent);
        bestProcess = Math.min(bestProcess, processPerEvent);
        bestRate = Math.max(bestRate, rate);
      }
    }
    System.out.printf(
        "best of the second half (%s, %d threads): I/O thread %.3f us/event (%,.0f events per I/O"
            + " CPU-second), process %.3f us/event, wall %,.0f events/s%n",
        aggregated ? "AGGREGATED" : "PLAIN",
        threads,
        bestIo / 1000,
        1e9 / bestIo,
        bestProcess / 1000,
        bestRate);
    publisher.close(Duration.ofSeconds(30));
  }
}
