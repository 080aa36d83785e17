package dev.shardwise.producer.sim;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Web clients browsing a site: sessions of page views and clicks, Zipf page popularity, a referrer
 * at session start, a country per client, log-normal load times.
 */
final class WebTraffic {
  private static final String[] COUNTRIES = {
    "US", "DE", "GB", "FR", "IN", "BR", "JP", "CA", "NL", "SE"
  };
  private static final double[] COUNTRY_WEIGHTS = {30, 12, 10, 8, 10, 7, 8, 6, 5, 4};
  private static final String[] REFERRERS = {
    "https://www.google.com/",
    "https://www.bing.com/",
    "https://news.ycombinator.com/",
    "https://www.reddit.com/",
    "https://t.co/",
    null,
    null
  };
  static final double CLICK_SHARE = 0.25;

  private final RandomGenerator random;
  private final List<String> pages;
  private final Zipf popularity;
  private final String[] clientIds;
  private final String[] clientCountry;
  private final String[] sessionId;
  private final String[] currentPage;
  private final int[] sessionCount;

  WebTraffic(RandomGenerator random, int clients, int pageCount) {
    this.random = random;
    this.pages = catalogue(pageCount);
    this.popularity = new Zipf(pageCount, 1.1);
    this.clientIds = new String[clients];
    this.clientCountry = new String[clients];
    this.sessionId = new String[clients];
    this.currentPage = new String[clients];
    this.sessionCount = new int[clients];
    double total = 0;
    for (double w : COUNTRY_WEIGHTS) {
      total += w;
    }
    for (int i = 0; i < clients; i++) {
      clientIds[i] = String.format("web-%06d", i);
      double x = random.nextDouble() * total;
      int c = 0;
      while (x >= COUNTRY_WEIGHTS[c] && c < COUNTRIES.length - 1) {
        x -= COUNTRY_WEIGHTS[c++];
      }
      clientCountry[i] = COUNTRIES[c];
    }
  }

  static List<String> catalogue(int n) {
    List<String> out = new ArrayList<>(n);
    String[] fixed = {"/", "/pricing", "/docs", "/blog", "/signup", "/login", "/about", "/contact"};
    for (int i = 0; i < n; i++) {
      if (i < fixed.length) {
        out.add(fixed[i]);
      } else if (i % 3 == 0) {
        out.add("/products/" + (i - fixed.length));
      } else if (i % 3 == 1) {
        out.add("/blog/post-" + (i - fixed.length));
      } else {
        out.add("/docs/page-" + (i - fixed.length));
      }
    }
    return List.copyOf(out);
  }

  List<String> pages() {
    return pages;
  }

  /** The expected share of web events that are page views of {@code rank}. */
  double viewShare(int rank) {
    return (1 - CLICK_SHARE) * popularity.probability(rank);
  }

  /** The next web event of a random client, at {@code time}. */
  Event next(String eventId, Instant time) {
    int client = random.nextInt(clientIds.length);
    boolean click = currentPage[client] != null && random.nextDouble() < CLICK_SHARE;
    if (click) {
      return new Event(
          eventId,
          EventType.CLICK,
          time,
          clientIds[client],
          sessionId[client],
          currentPage[client],
          null,
          clientCountry[client],
          Event.NO_LOAD_MS,
          Map.of());
    }
    return pageView(eventId, time, client, pages.get(popularity.sample(random)));
  }

  /** A page view of {@code page} by a random client (spikes). */
  Event viewOf(String eventId, Instant time, String page) {
    return pageView(eventId, time, random.nextInt(clientIds.length), page);
  }

  private Event pageView(String eventId, Instant time, int client, String page) {
    String referrer;
    if (sessionId[client] == null || random.nextDouble() < 0.15) {
      sessionId[client] = clientIds[client] + "-s" + sessionCount[client]++;
      referrer = REFERRERS[random.nextInt(REFERRERS.length)];
    } else {
      referrer = "https://shop.example.com" + currentPage[client];
    }
    currentPage[client] = page;
    int loadMs =
        (int) Math.min(600_000, Math.round(Math.exp(Math.log(350) + 0.5 * random.nextGaussian())));
    return new Event(
        eventId,
        EventType.PAGE_VIEW,
        time,
        clientIds[client],
        sessionId[client],
        page,
        referrer,
        clientCountry[client],
        loadMs,
        Map.of());
  }
}
