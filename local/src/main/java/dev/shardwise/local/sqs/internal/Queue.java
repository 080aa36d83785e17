package dev.shardwise.local.sqs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One standard queue: messages in send order, each visible, delayed or in flight (received and not
 * yet deleted, until its visibility timeout passes). Thread-safe: every method holds the queue's
 * monitor, and {@link #awaitVisible} waits on it.
 */
public final class Queue {

  /** One message as stored. */
  public static final class Message {
    final String id;
    final String body;
    final Instant sent;
    Instant visibleAt;
    int receiveCount;
    Instant firstReceive;
    String receiptHandle;

    Message(String id, String body, Instant sent, Instant visibleAt) {
      this.id = id;
      this.body = body;
      this.sent = sent;
      this.visibleAt = visibleAt;
    }

    public String id() {
      return id;
    }

    public String body() {
      return body;
    }

    public Instant sent() {
      return sent;
    }

    public Instant visibleAt() {
      return visibleAt;
    }

    public int receiveCount() {
      return receiveCount;
    }

    public Instant firstReceive() {
      return firstReceive;
    }

    public String receiptHandle() {
      return receiptHandle;
    }
  }

  /** A received message: a copy of what the receiver sees. */
  public record Received(
      String id,
      String body,
      String receiptHandle,
      Instant sent,
      int receiveCount,
      Instant firstReceive) {}

  /** What a receive returned, and the messages it moved out (to the dead-letter queue). */
  public record Receipt(List<Received> received, List<Message> deadLettered) {}

  private final String name;
  private final Instant created;
  private QueueAttributes attributes;
  private Instant lastModified;
  private final LinkedHashMap<String, Message> messages = new LinkedHashMap<>();
  private long handles;

  public Queue(String name, Instant created, QueueAttributes attributes, Instant lastModified) {
    this.name = Objects.requireNonNull(name, "name");
    this.created = created;
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.lastModified = lastModified;
  }

  public String name() {
    return name;
  }

  public Instant created() {
    return created;
  }

  public synchronized QueueAttributes attributes() {
    return attributes;
  }

  public synchronized Instant lastModified() {
    return lastModified;
  }

  /** Replaces the attributes (SetQueueAttributes). */
  public synchronized void attributes(QueueAttributes attributes, Instant now) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.lastModified = now;
    notifyAll();
  }

  /** Adds a message visible after {@code delay}. */
  public synchronized void add(String id, String body, Instant now, Duration delay) {
    messages.put(id, new Message(id, body, now, now.plus(delay)));
    notifyAll();
  }

  /**
   * Adds a message moved from another queue's redrive: it keeps its id, body and sent time (the
   * retention period still counts from it), is visible at once and has not been received here.
   */
  public synchronized void addDeadLettered(Message from, Instant now) {
    messages.put(from.id, new Message(from.id, from.body, from.sent, now));
    notifyAll();
  }

  /** Restores a message read back from disk. */
  public synchronized void restore(
      String id, String body, Instant sent, Instant visibleAt, int receiveCount, Instant first) {
    Message m = new Message(id, body, sent, visibleAt);
    m.receiveCount = receiveCount;
    m.firstReceive = first;
    messages.put(id, m);
  }

  /**
   * Receives up to {@code max} visible messages, oldest first, hiding them for {@code visibility}.
   * Messages past the retention period are deleted first. With a redrive policy, a visible message
   * already received {@code maxReceiveCount} times is not received again: it is removed and
   * returned in {@link Receipt#deadLettered} for the caller to add to the dead-letter queue.
   */
  public synchronized Receipt receive(int max, Duration visibility, Instant now) {
    expire(now);
    List<Received> out = new ArrayList<>();
    List<Message> moved = new ArrayList<>();
    QueueAttributes.RedrivePolicy redrive = attributes.redrivePolicy();
    for (Iterator<Message> it = messages.values().iterator(); it.hasNext(); ) {
      Message m = it.next();
      if (out.size() >= max) {
        break;
      }
      if (m.visibleAt.isAfter(now)) {
        continue;
      }
      if (redrive != null && m.receiveCount >= redrive.maxReceiveCount()) {
        it.remove();
        moved.add(m);
        continue;
      }
      m.receiveCount++;
      if (m.firstReceive == null) {
        m.firstReceive = now;
      }
      m.visibleAt = now.plus(visibility);
      m.receiptHandle = name + ":" + m.id + ":" + (++handles);
      out.add(new Received(m.id, m.body, m.receiptHandle, m.sent, m.receiveCount, m.firstReceive));
    }
    return new Receipt(out, moved);
  }

  /** Deletes the messages sent longer than the retention period ago. */
  public synchronized void expire(Instant now) {
    Instant oldest = now.minusSeconds(attributes.messageRetentionPeriod());
    messages.values().removeIf(m -> !m.sent.isAfter(oldest));
  }

  /**
   * Waits (real time, at most {@code maxWaitMillis}) until a message may be visible; returns at
   * once when one is. Used for long polling.
   */
  public synchronized void awaitVisible(Instant now, long maxWaitMillis)
      throws InterruptedException {
    if (maxWaitMillis <= 0 || visible(now) > 0) {
      return;
    }
    wait(maxWaitMillis);
  }

  /**
   * Deletes the message a receipt handle names. SQS answers success for a handle of a message
   * already deleted, so this returns whether the handle was well-formed for this queue.
   */
  public synchronized boolean delete(String receiptHandle) {
    String[] parts = receiptHandle.split(":");
    if (parts.length != 3 || !parts[0].equals(name)) {
      return false;
    }
    Message m = messages.get(parts[1]);
    if (m != null && receiptHandle.equals(m.receiptHandle)) {
      messages.remove(parts[1]);
    }
    return true;
  }

  public synchronized void purge() {
    messages.clear();
  }

  /** Messages visible now. */
  public synchronized int visible(Instant now) {
    expire(now);
    int n = 0;
    for (Message m : messages.values()) {
      if (!m.visibleAt.isAfter(now)) {
        n++;
      }
    }
    return n;
  }

  /** Messages received and not yet visible again. */
  public synchronized int inFlight(Instant now) {
    expire(now);
    int n = 0;
    for (Message m : messages.values()) {
      if (m.visibleAt.isAfter(now) && m.receiveCount > 0) {
        n++;
      }
    }
    return n;
  }

  /** Messages sent with a delay not yet passed. */
  public synchronized int delayed(Instant now) {
    expire(now);
    int n = 0;
    for (Message m : messages.values()) {
      if (m.visibleAt.isAfter(now) && m.receiveCount == 0) {
        n++;
      }
    }
    return n;
  }

  /** A snapshot of the messages, for persistence. */
  public synchronized Map<String, Message> snapshot() {
    Map<String, Message> copy = new LinkedHashMap<>();
    for (Message m : messages.values()) {
      Message c = new Message(m.id, m.body, m.sent, m.visibleAt);
      c.receiveCount = m.receiveCount;
      c.firstReceive = m.firstReceive;
      copy.put(m.id, c);
    }
    return copy;
  }
}
