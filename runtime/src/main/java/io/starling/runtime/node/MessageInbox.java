package io.starling.runtime.node;

import io.starling.runtime.pubsub.Delivery;
import io.starling.runtime.pubsub.Topics;
import io.starling.runtime.schedule.TaskScheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The last {@value #CAPACITY} messages delivered to this node's subscriptions, each numbered, for
 * readers that poll ({@code GET /mesh/messages}, {@code starling sub}): a reader asks for what came
 * after the last number it saw, so a lost answer loses nothing, and may wait for the next.
 */
final class MessageInbox {

  static final int CAPACITY = 1000;

  /** A delivered message and its number in this inbox. */
  record Entry(long index, Delivery delivery) {}

  /** What a poll returns: the entries and the number to ask after next time. */
  record Page(long next, List<Entry> entries) {}

  private record Waiter(long after, String filter, CompletableFuture<Page> future) {}

  private final TaskScheduler scheduler;
  private final Deque<Entry> entries = new ArrayDeque<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private long last;

  MessageInbox(TaskScheduler scheduler) {
    this.scheduler = scheduler;
  }

  void add(Delivery d) {
    List<Waiter> ready = new ArrayList<>();
    List<Page> pages = new ArrayList<>();
    synchronized (this) {
      // One delivery reaches every matching subscription with the same object: a reader's
      // subscription and the profile's may both match, and the inbox keeps it once.
      int checked = 0;
      for (java.util.Iterator<Entry> it = entries.descendingIterator();
          it.hasNext() && checked++ < 64; ) {
        if (it.next().delivery() == d) {
          return;
        }
      }
      entries.addLast(new Entry(++last, d));
      if (entries.size() > CAPACITY) {
        entries.removeFirst();
      }
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        Page p = page(w.after(), w.filter(), 100);
        if (!p.entries().isEmpty()) {
          it.remove();
          ready.add(w);
          pages.add(p);
        }
      }
    }
    for (int i = 0; i < ready.size(); i++) {
      ready.get(i).future().complete(pages.get(i));
    }
  }

  /** The number of the newest entry (0 if none). */
  synchronized long last() {
    return last;
  }

  /**
   * Up to {@code max} entries after {@code after} matching {@code filter}; if there are none, waits
   * up to {@code wait} for one.
   */
  CompletableFuture<Page> poll(long asked, String filter, int max, Duration wait) {
    CompletableFuture<Page> future = new CompletableFuture<>();
    synchronized (this) {
      // a reader from before this node restarted: its numbers start over
      long after = asked > last ? 0 : asked;
      Page now = page(after, filter, max);
      if (!now.entries().isEmpty() || wait.isZero()) {
        future.complete(now);
        return future;
      }
      Waiter w = new Waiter(after, filter, future);
      waiters.add(w);
      scheduler.schedule(
          wait,
          () -> {
            boolean mine;
            synchronized (this) {
              mine = waiters.remove(w);
            }
            if (mine) {
              future.complete(new Page(Math.max(after, lastSeen()), List.of()));
            }
          });
    }
    return future;
  }

  private synchronized long lastSeen() {
    return last;
  }

  private Page page(long after, String filter, int max) {
    List<Entry> out = new ArrayList<>();
    long next = Math.max(after, entries.isEmpty() ? after : Math.min(after, last));
    for (Entry e : entries) {
      if (e.index() > after && Topics.matches(filter, e.delivery().topic())) {
        out.add(e);
        if (out.size() >= max) {
          break;
        }
      }
    }
    if (!out.isEmpty()) {
      next = out.get(out.size() - 1).index();
    } else if (after < last) {
      next = last; // nothing matching up to the newest: skip ahead
    }
    return new Page(next, out);
  }
}
