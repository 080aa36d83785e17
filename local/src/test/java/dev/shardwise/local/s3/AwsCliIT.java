package dev.shardwise.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI v2 as a user runs it, against our endpoint: s3 mb/cp/ls/rm and s3api. */
class AwsCliIT {
  @TempDir static Path data;
  @TempDir static Path home;
  @TempDir Path work;

  static LocalS3 s3;
  static AwsCli aws;

  @BeforeAll
  static void start() throws Exception {
    AwsCli.requireInstalled();
    s3 = new LocalS3(data);
    aws = new AwsCli(s3.endpoint(), home).withConditionalWrites();
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void mb_then_ls_listsTheBucket() throws Exception {
    aws.run("s3", "mb", "s3://cli-mb").ok();

    assertThat(aws.run("s3", "ls").ok().out()).contains("cli-mb");
    assertThat(data.resolve("cli-mb")).isDirectory();
  }

  @Test
  void cp_small_upAndDown_keepsTheExactBytes_andLsShowsPrefixesAndObjects() throws Exception {
    aws.run("s3", "mb", "s3://cli-small").ok();
    byte[] bytes = random(70_001, 1);
    Path file = Files.write(work.resolve("small.bin"), bytes);
    Files.writeString(work.resolve("top.txt"), "top");

    aws.run("s3", "cp", file.toString(), "s3://cli-small/dir/sub/small.bin").ok();
    aws.run("s3", "cp", work.resolve("top.txt").toString(), "s3://cli-small/top.txt").ok();
    aws.run("s3", "cp", "s3://cli-small/dir/sub/small.bin", work.resolve("back.bin").toString())
        .ok();

    assertThat(data.resolve("cli-small/dir/sub/small.bin")).hasBinaryContent(bytes);
    assertThat(work.resolve("back.bin")).hasBinaryContent(bytes);
    String flat = aws.run("s3", "ls", "s3://cli-small/").ok().out();
    assertThat(flat).contains("PRE dir/").contains("top.txt").doesNotContain("small.bin");
    String deep = aws.run("s3", "ls", "--recursive", "s3://cli-small/").ok().out();
    assertThat(deep).contains("70001 dir/sub/small.bin").contains("3 top.txt");
  }

  @Test
  void cp_largerThanTheMultipartThreshold_uploadsInPartsAndDownloadsIntact() throws Exception {
    aws.run("s3", "mb", "s3://cli-large").ok();
    byte[] bytes = random(9 * 1024 * 1024 + 123, 2);
    Path file = Files.write(work.resolve("large.bin"), bytes);

    aws.run("s3", "cp", file.toString(), "s3://cli-large/large.bin").ok();
    String head =
        aws.run("s3api", "head-object", "--bucket", "cli-large", "--key", "large.bin").ok().out();
    aws.run("s3", "cp", "s3://cli-large/large.bin", work.resolve("back.bin").toString()).ok();

    assertThat(head).containsPattern("\"ETag\": \"\\\\\"[0-9a-f]{32}-2\\\\\"\"");
    assertThat(data.resolve("cli-large/large.bin")).hasBinaryContent(bytes);
    assertThat(work.resolve("back.bin")).hasBinaryContent(bytes);
  }

  @Test
  void rm_single_and_recursive_removeObjectsAndEmptyDirectories() throws Exception {
    aws.run("s3", "mb", "s3://cli-rm").ok();
    Path file = Files.writeString(work.resolve("x.txt"), "x");
    for (String key : new String[] {"keep.txt", "a/1.txt", "a/b/2.txt", "a/b/c/3.txt"}) {
      aws.run("s3", "cp", file.toString(), "s3://cli-rm/" + key).ok();
    }

    aws.run("s3", "rm", "s3://cli-rm/keep.txt").ok();
    String removed = aws.run("s3", "rm", "--recursive", "s3://cli-rm/a/").ok().out();

    assertThat(removed).contains("delete: s3://cli-rm/a/b/c/3.txt");
    assertThat(aws.run("s3", "ls", "--recursive", "s3://cli-rm/").out()).isBlank();
    try (var left = Files.list(data.resolve("cli-rm"))) {
      assertThat(left).isEmpty();
    }
    aws.run("s3", "rb", "s3://cli-rm").ok();
    assertThat(data.resolve("cli-rm")).doesNotExist();
  }

  @Test
  void putObject_ifNoneMatch_writesOnce_thenFailsWithPreconditionFailed() throws Exception {
    aws.run("s3", "mb", "s3://cli-cond").ok();
    Path first = Files.writeString(work.resolve("first.txt"), "first");
    Path second = Files.writeString(work.resolve("second.txt"), "second");

    AwsCli.Result created =
        aws.run(
            "s3api",
            "put-object",
            "--bucket",
            "cli-cond",
            "--key",
            "lock",
            "--body",
            first.toString(),
            "--if-none-match",
            "*");
    AwsCli.Result refused =
        aws.run(
            "s3api",
            "put-object",
            "--bucket",
            "cli-cond",
            "--key",
            "lock",
            "--body",
            second.toString(),
            "--if-none-match",
            "*");

    created.ok();
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("PreconditionFailed");
    assertThat(data.resolve("cli-cond/lock")).hasContent("first");
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
