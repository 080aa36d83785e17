package dev.shardwise.local.s3.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Lists the keys stored under a bucket directory in UTF-8 binary order, without reading the whole
 * tree: it starts at the directory the prefix names, sorts one directory at a time (a sub-directory
 * sorts as its name plus {@code /}, which yields global key order), skips subtrees that lie wholly
 * at or before {@code startAfter}, and skips a rolled-up common prefix's subtree at once. Temporary
 * files, symbolic links and other non-regular files are not objects.
 */
public final class TreeLister {

  /** A listed key ({@code file} set) or a common prefix ({@code file} null). */
  public record Entry(String name, Path file) {
    public boolean isCommonPrefix() {
      return file == null;
    }
  }

  private TreeLister() {}

  /**
   * Up to {@code limit} entries greater than {@code startAfter} (null for none) under {@code
   * prefix}, rolled up by {@code delimiter} (null or empty for none).
   */
  public static List<Entry> list(
      Path bucketDir, String prefix, String delimiter, String startAfter, int limit)
      throws IOException {
    List<Entry> out = new ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    String p = prefix == null ? "" : prefix;
    String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    Walker walker = Walker.start(bucketDir, p, startAfter);
    if (walker == null) {
      return out;
    }
    String key;
    while (out.size() < limit && (key = walker.next()) != null) {
      if (d != null) {
        int at = key.indexOf(d, p.length());
        if (at >= 0) {
          String common = key.substring(0, at + d.length());
          walker.skip(common);
          if (startAfter == null || KeyRules.compareUtf8(common, startAfter) > 0) {
            out.add(new Entry(common, null));
          }
          continue;
        }
      }
      out.add(new Entry(key, bucketDir.resolve(key)));
    }
    return out;
  }

  /** Whether any object lies under {@code dir} (a bucket is empty when none does). */
  public static boolean hasAnyObject(Path dir) throws IOException {
    Walker w = new Walker(null);
    w.push(dir, "", "");
    return w.next() != null;
  }

  private static final class Walker {
    private record Child(String name, boolean dir) {}

    private static final class Frame {
      final Path dir;
      final String keyPrefix;
      final List<Child> children;
      int index;

      Frame(Path dir, String keyPrefix, List<Child> children) {
        this.dir = dir;
        this.keyPrefix = keyPrefix;
        this.children = children;
      }
    }

    private final Deque<Frame> stack = new ArrayDeque<>();
    private final String startAfter;
    private String skip;

    private Walker(String startAfter) {
      this.startAfter = startAfter;
    }

    static Walker start(Path bucketDir, String prefix, String startAfter) throws IOException {
      int slash = prefix.lastIndexOf('/');
      String dirPart = prefix.substring(0, slash + 1);
      String namePrefix = prefix.substring(slash + 1);
      Path dir = bucketDir;
      if (!dirPart.isEmpty()) {
        for (String segment : dirPart.substring(0, dirPart.length() - 1).split("/", -1)) {
          if (segment.isEmpty()
              || segment.equals(".")
              || segment.equals("..")
              || segment.indexOf('\0') >= 0) {
            return null; // no stored key can have this prefix
          }
          dir = dir.resolve(segment);
        }
      }
      Walker w = new Walker(startAfter);
      w.push(dir, dirPart, namePrefix);
      return w;
    }

    void skip(String commonPrefix) {
      this.skip = commonPrefix;
    }

    String next() throws IOException {
      while (!stack.isEmpty()) {
        Frame f = stack.peek();
        if (f.index >= f.children.size()) {
          stack.pop();
          continue;
        }
        Child c = f.children.get(f.index++);
        String key = f.keyPrefix + c.name();
        if (c.dir()) {
          String dirKey = key + "/";
          if (skip != null && dirKey.startsWith(skip)) {
            continue;
          }
          if (startAfter != null
              && KeyRules.compareUtf8(startAfter, dirKey) > 0
              && !startAfter.startsWith(dirKey)) {
            continue; // every key below sorts before startAfter
          }
          push(f.dir.resolve(c.name()), dirKey, "");
        } else {
          if (skip != null && key.startsWith(skip)) {
            continue;
          }
          if (startAfter != null && KeyRules.compareUtf8(key, startAfter) <= 0) {
            continue;
          }
          return key;
        }
      }
      return null;
    }

    void push(Path dir, String keyPrefix, String namePrefix) throws IOException {
      List<Child> children = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path e : entries) {
          String name = e.getFileName().toString();
          if (!name.startsWith(namePrefix) || KeyRules.isTempName(name)) {
            continue;
          }
          BasicFileAttributes a;
          try {
            a = Files.readAttributes(e, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          } catch (NoSuchFileException gone) {
            continue; // deleted while we looked
          }
          if (a.isDirectory() || a.isRegularFile()) {
            children.add(new Child(name, a.isDirectory()));
          }
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        return; // nothing stored here (or it was deleted while we looked)
      }
      children.sort(
          (x, y) ->
              KeyRules.compareUtf8(
                  x.dir() ? x.name() + "/" : x.name(), y.dir() ? y.name() + "/" : y.name()));
      stack.push(new Frame(dir, keyPrefix, children));
    }
  }
}
