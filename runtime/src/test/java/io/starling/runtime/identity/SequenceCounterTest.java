package io.starling.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceCounterTest {

  @TempDir Path dir;

  @Test
  void numbers_start_at_one_and_strictly_increase() throws Exception {
    SequenceCounter c = SequenceCounter.open(dir.resolve("seq"), 10);
    long previous = 0;
    for (int i = 0; i < 35; i++) {
      long n = c.next();
      assertThat(n).isEqualTo(previous + 1);
      previous = n;
    }
  }

  @Test
  void reservation_is_on_disk_before_the_first_number_of_a_block_is_returned() throws Exception {
    Path file = dir.resolve("seq");
    SequenceCounter c = SequenceCounter.open(file, 100);

    long first = c.next();

    assertThat(first).isEqualTo(1);
    assertThat(Files.readString(file).trim()).isEqualTo("100");
    for (int i = 0; i < 99; i++) {
      c.next();
    }
    assertThat(Files.readString(file).trim()).isEqualTo("100");
    assertThat(c.next()).isEqualTo(101);
    assertThat(Files.readString(file).trim()).isEqualTo("200");
  }

  @Test
  void abandoned_counter_never_repeats_after_reopening_and_skips_at_most_one_block()
      throws Exception {
    Path file = dir.resolve("seq");
    Set<Long> issued = new HashSet<>();
    long max = 0;
    for (int life = 0; life < 5; life++) {
      SequenceCounter c = SequenceCounter.open(file, 16); // previous one abandoned, never closed
      long first = c.next();
      assertThat(first).isGreaterThan(max).isLessThanOrEqualTo(max + 16 + 1);
      issued.add(first);
      for (int i = 0; i < 7 * (life + 1); i++) {
        long n = c.next();
        assertThat(issued.add(n)).as("number %d repeated", n).isTrue();
        assertThat(n).isGreaterThan(max);
        max = n;
      }
    }
  }

  @Test
  void unreadable_reservation_refuses_to_open() throws Exception {
    Path file = dir.resolve("seq");
    Files.writeString(file, "garbage");

    assertThatIOException()
        .isThrownBy(() -> SequenceCounter.open(file))
        .withMessageContaining("garbage")
        .withMessageContaining(file.toString());
  }

  @Test
  void kill_minus_9_of_a_jvm_issuing_numbers_never_leads_to_reuse() throws Exception {
    Path file = dir.resolve("seq");
    List<Long> all = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      List<Long> seen = runAndKill(file, 50 + run * 700);
      assertThat(seen).isNotEmpty();
      long maxBefore = all.stream().mapToLong(Long::longValue).max().orElse(0);
      assertThat(seen.get(0)).as("first number of run %d", run).isGreaterThan(maxBefore);
      all.addAll(seen);
    }
    assertThat(new HashSet<>(all)).hasSameSizeAs(all);
  }

  /** Starts {@link SequenceCounterChild}, waits until it printed {@code atLeast} numbers, kills. */
  private static List<Long> runAndKill(Path file, int atLeast) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SequenceCounterChild.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    List<Long> seen = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while ((line = r.readLine()) != null) {
                  seen.add(Long.parseLong(line.trim()));
                }
              } catch (Exception e) {
                // the pipe breaks when the child is killed
              }
            });
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= atLeast);
    } finally {
      p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close
      p.waitFor();
      reader.join(5_000);
    }
    return new ArrayList<>(seen);
  }
}
