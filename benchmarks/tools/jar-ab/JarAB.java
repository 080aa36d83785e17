import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * A/B of two builds of {@code PublisherPipelineBenchmark} in one JVM, for a machine shared with
 * other work: each build (a benchmarks jar, optionally preceded by class directories that override
 * some of its classes, joined with ':') is loaded in its own class loader with {@code
 * PipelineRunner}; rounds of thread CPU time alternate between them, and the pairs are compared
 * round by round, so drifts of the machine's load hit both alike. Run it twice with A and B
 * swapped: the position itself can be worth a few percent (an A/A run gave 1.056).
 *
 * <pre>
 * javac -proc:none -cp benchmarks/target/benchmarks.jar -d /tmp/ab/runner benchmarks/tools/jar-ab/PipelineRunner.java
 * javac -d /tmp/ab benchmarks/tools/jar-ab/JarAB.java
 * java -Drunner=/tmp/ab/runner [-Dpipeline=PUBLISHER_AGGREGATED] -cp /tmp/ab JarAB A.jar B.jar 100 [20000]
 * </pre>
 */
public class JarAB {
  public static void main(String[] a) throws Exception {
    File runner = new File(System.getProperty("runner"));
    LongUnaryOperator[] r = new LongUnaryOperator[2];
    for (int i = 0; i < 2; i++) {
      List<URL> urls = new ArrayList<>();
      urls.add(runner.toURI().toURL());
      for (String part : a[i].split(":")) {
        urls.add(new File(part).toURI().toURL());
      }
      URLClassLoader l =
          new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
      r[i] =
          (LongUnaryOperator)
              l.loadClass("PipelineRunner").getDeclaredConstructor().newInstance();
    }
    int rounds = Integer.parseInt(a[2]);
    long events = a.length > 3 ? Long.parseLong(a[3]) : 20000;
    for (int w = 0; w < rounds / 2; w++) {
      r[0].applyAsLong(events);
      r[1].applyAsLong(events);
    }
    long[][] t = new long[2][rounds];
    for (int k = 0; k < rounds; k++) {
      int first = k & 1;
      t[first][k] = r[first].applyAsLong(events);
      t[1 - first][k] = r[1 - first].applyAsLong(events);
    }
    int wins = 0;
    double[] ratios = new double[rounds];
    for (int k = 0; k < rounds; k++) {
      wins += t[1][k] < t[0][k] ? 1 : 0;
      ratios[k] = (double) t[1][k] / t[0][k];
    }
    Arrays.sort(ratios);
    for (int i = 0; i < 2; i++) {
      long[] s = t[i].clone();
      Arrays.sort(s);
      System.out.printf(
          "%-40s best %,10.0f  p25 %,10.0f  median %,10.0f events/CPU-s%n",
          a[i], events * 1e9 / s[0], events * 1e9 / s[rounds / 4], events * 1e9 / s[rounds / 2]);
    }
    System.out.printf(
        "B faster than A in %d of %d paired rounds; median of B/A time ratios %.3f%n",
        wins, rounds, ratios[rounds / 2]);
  }
}
