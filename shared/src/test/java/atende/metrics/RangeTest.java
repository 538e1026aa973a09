package atende.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RangeTest {

  @Test
  void theThreeWindowsAndTheirLengths() {
    assertThat(Range.parse("1h").duration()).isEqualTo(Duration.ofHours(1));
    assertThat(Range.parse("24h").minutes()).isEqualTo(1440);
    assertThat(Range.parse("7d").minutes()).isEqualTo(7 * 1440);
    assertThat(Range.parse(" 7D ")).isEqualTo(Range.LAST_WEEK);
  }

  @Test
  void absentOrBlankMeansTheLastDay() {
    assertThat(Range.parse(null)).isEqualTo(Range.LAST_DAY);
    assertThat(Range.parse("  ")).isEqualTo(Range.LAST_DAY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"30d", "1d", "24", "h", "1 h", "-1h", "86400"})
  void anythingElseIsRejectedWithTheValidValues(String value) {
    assertThatThrownBy(() -> Range.parse(value))
        .isInstanceOf(Range.UnknownRange.class)
        .hasMessage("unknown range \"" + value + "\": use one of 1h, 24h, 7d (default 24h)");
  }

  @Test
  void theMessageNeverEchoesControlCharactersOrLongInput() {
    assertThatThrownBy(() -> Range.parse("x\n\"y" + "z".repeat(100)))
        .hasMessageStartingWith("unknown range \"x??y")
        .hasMessageContaining("…\": use one of 1h, 24h, 7d");
  }
}
