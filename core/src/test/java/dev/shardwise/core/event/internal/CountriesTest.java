package dev.shardwise.core.event.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CountriesTest {

  @Test
  void list_hasThe249AssignedCodes_sortedAndUnique() {
    List<String> all = Countries.all();

    assertThat(all).hasSize(249).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void list_isTheJdksIsoCountryList() {
    // If a JDK update adds or withdraws a code, this fails: update Countries and the JSON Schema.
    assertThat(Countries.all()).containsExactlyInAnyOrder(Locale.getISOCountries());
    assertThat(Arrays.asList(Locale.getISOCountries())).hasSize(249);
  }

  @Test
  void lookup_acceptsAssignedUpperCaseCodesOnly() {
    assertThat(Countries.lookup('D', 'E')).isEqualTo("DE");
    assertThat(Countries.lookup('G', 'B')).isEqualTo("GB");
    assertThat(Countries.lookup('U', 'K')).isNull(); // reserved, not assigned
    assertThat(Countries.lookup('E', 'U')).isNull();
    assertThat(Countries.lookup('X', 'K')).isNull(); // user-assigned (Kosovo in practice)
    assertThat(Countries.lookup('d', 'e')).isNull();
    assertThat(Countries.lookup('[', 'A')).isNull();
    assertThat(Countries.isAssigned("DEU")).isFalse();
  }

  @Test
  void lookup_returnsTheSameInstanceEveryTime() {
    assertThat(Countries.lookup('F', 'R')).isSameAs(Countries.lookup('F', 'R'));
  }
}
