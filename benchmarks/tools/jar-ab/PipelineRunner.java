import dev.shardwise.bench.PublisherPipelineBenchmark;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongUnaryOperator;

/**
 * {@code JarAB}'s side of one build: loaded once per build's class loader, it runs {@code n}
 * events of {@code PublisherPipelineBenchmark}'s pipeline ({@code -Dpipeline}, default {@code
 * PUBLISHER_AGGREGATED}) and returns the thread CPU time they took.
 */
public class PipelineRunner implements LongUnaryOperator {
  private final PublisherPipelineBenchmark b = new PublisherPipelineBenchmark();
  private final PublisherPipelineBenchmark.Sink sink = new PublisherPipelineBenchmark.Sink();
  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  public Object hole;

  public PipelineRunner() {
    b.pipeline =
        PublisherPipelineBenchmark.Pipeline.valueOf(
            System.getProperty("pipeline", "PUBLISHER_AGGREGATED"));
    b.setUp();
  }

  @Override
  public long applyAsLong(long n) {
    long s = mx.getCurrentThreadCpuTime();
    for (long i = 0; i < n; i++) {
      hole = b.publish(sink);
    }
    return mx.getCurrentThreadCpuTime() - s;
  }
}
