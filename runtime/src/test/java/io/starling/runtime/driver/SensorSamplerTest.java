package io.starling.runtime.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.node.NoHardwareForTests;
import io.starling.runtime.profile.SensorSpec;
import io.starling.runtime.schedule.ManualScheduler;
import io.starling.runtime.testing.FakeSensorFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SensorSamplerTest {

  private final ManualScheduler scheduler =
      new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeSensorFactory factory = new FakeSensorFactory();
  private final SensorChannel channel =
      new SensorChannel(
          new SensorSpec("air", "fake", Duration.ofSeconds(2), "n/air", DriverConfig.empty()),
          scheduler.now());
  private final List<Sample> samples = new ArrayList<>();
  private SensorSampler sampler;

  @BeforeEach
  void start() {
    channel.addListener(samples::add);
    sampler =
        new SensorSampler(
            channel,
            factory,
            RuntimeDriverContext.of(
                "fake",
                "air",
                DriverConfig.empty(),
                scheduler.clock(),
                NoHardwareForTests.hardware()),
            scheduler,
            scheduler.clock(),
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)));
    sampler.start();
  }

  @AfterEach
  void stop() {
    sampler.close();
  }

  @Test
  void samples_at_once_and_then_every_interval() {
    scheduler.advance(Duration.ZERO);
    assertThat(samples).hasSize(1);

    scheduler.advance(Duration.ofSeconds(10));

    assertThat(samples).hasSize(6);
    assertThat(samples).extracting(Sample::number).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(samples.get(5).time()).isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
    assertThat(channel.health().state()).isEqualTo(Health.State.HEALTHY);
    assertThat(channel.latest()).contains(samples.get(5));
  }

  @Test
  void a_failing_read_marks_the_sensor_failing_and_retries_with_doubling_back_off() {
    scheduler.advance(Duration.ZERO);
    factory.failRead.set(true);
    scheduler.advance(Duration.ofSeconds(2)); // failure 1 at t=2, retry in 1s

    assertThat(channel.health().state()).isEqualTo(Health.State.FAILING);
    assertThat(channel.health().error()).isEqualTo("bus error");
    assertThat(channel.health().nextAttempt()).isEqualTo(Instant.parse("2026-01-01T00:00:03Z"));

    int readsBefore = factory.reads.get();
    scheduler.advance(Duration.ofSeconds(1)); // failure 2 at t=3, retry in 2s
    scheduler.advance(Duration.ofSeconds(2)); // failure 3 at t=5, retry in 4s
    assertThat(channel.health().nextAttempt()).isEqualTo(Instant.parse("2026-01-01T00:00:09Z"));
    assertThat(factory.reads.get()).isEqualTo(readsBefore);
    assertThat(channel.latest().orElseThrow().number()).isEqualTo(1);
  }

  @Test
  void reopens_the_driver_after_three_failed_reads_and_recovers() {
    scheduler.advance(Duration.ZERO);
    factory.failRead.set(true);
    scheduler.advance(Duration.ofSeconds(2 + 1 + 2)); // three failures

    assertThat(factory.closes.get()).isEqualTo(1);

    factory.failRead.set(false);
    scheduler.advance(Duration.ofSeconds(4));

    assertThat(factory.opens.get()).isEqualTo(2);
    assertThat(channel.health().state()).isEqualTo(Health.State.HEALTHY);
    assertThat(samples).hasSize(2);
  }

  @Test
  void a_driver_that_cannot_open_is_retried_and_never_throws_out() {
    sampler.close();
    factory.failOpen.set(true);
    SensorChannel other =
        new SensorChannel(
            new SensorSpec("soil", "fake", Duration.ofSeconds(2), "n/soil", DriverConfig.empty()),
            scheduler.now());
    try (SensorSampler s =
        new SensorSampler(
            other,
            factory,
            RuntimeDriverContext.of(
                "fake",
                "soil",
                DriverConfig.empty(),
                scheduler.clock(),
                NoHardwareForTests.hardware()),
            scheduler,
            scheduler.clock(),
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)))) {
      s.start();
      scheduler.advance(Duration.ofSeconds(30));

      assertThat(other.health().state()).isEqualTo(Health.State.FAILING);
      assertThat(other.health().error()).isEqualTo("no device at 0x76");
      assertThat(other.latest()).isEmpty();

      factory.failOpen.set(false);
      scheduler.advance(Duration.ofSeconds(8));
      assertThat(other.health().state()).isEqualTo(Health.State.HEALTHY);
    }
  }

  @Test
  void close_stops_sampling_and_closes_the_driver() {
    scheduler.advance(Duration.ofSeconds(4));
    sampler.close();
    int reads = factory.reads.get();

    scheduler.advance(Duration.ofSeconds(10));

    assertThat(factory.reads.get()).isEqualTo(reads);
    assertThat(factory.closes.get()).isEqualTo(1);
  }
}
