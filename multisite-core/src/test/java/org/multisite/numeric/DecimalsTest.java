package org.multisite.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DecimalsTest {
    @Test
    void readsDecimalNumbers() {
        assertThat(Decimals.parse("1")).isEqualTo(1);
        assertThat(Decimals.parse(" -1.5 ")).isEqualTo(-1.5);
        assertThat(Decimals.parse("+.5")).isEqualTo(0.5);
        assertThat(Decimals.parse("3.")).isEqualTo(3);
        assertThat(Decimals.parse("2e-3")).isEqualTo(0.002);
        assertThat(Decimals.parse("1E+300")).isEqualTo(1e300);
        assertThat(Decimals.parse("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Decimals.parse("NaN")).isNaN();
    }

    @Test
    void refusesJavaSuffixesAndForms() {
        // Double.parseDouble reads every one of these
        for (String s : new String[] {"2f", "0.5D", "1d", "0x1p3", "1e", "", ".", "e5", "1.2.3", "1,5"}) {
            assertThatThrownBy(() -> Decimals.parse(s)).as(s).isInstanceOf(NumberFormatException.class);
        }
    }
}
