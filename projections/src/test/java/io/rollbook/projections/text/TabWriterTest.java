package io.rollbook.projections.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TabWriterTest {

    @Test
    void padsEveryColumnButTheLastToItsWidestCellPlusPadding() {
        String out = TabWriter.forGet().row("NAME", "READY", "AGE").row("nginx-deployment", "3/3", "5s").render();

        assertThat(out).isEqualTo("""
                NAME               READY   AGE
                nginx-deployment   3/3     5s
                """);
    }

    @Test
    void kubectlGetColumnsAreAtLeastSixWide() {
        String out = TabWriter.forGet().row("IP", "X").row("a", "b").render();

        assertThat(out).isEqualTo("IP    X\na     b\n"); // "IP" + padding 3 = 5 < minwidth 6
    }

    @Test
    void describeTablesUsePaddingTwoAndNoMinimum() {
        String out = TabWriter.forDescribe().row("REVISION", "CHANGE-CAUSE").row("1", "<none>").render();

        assertThat(out).isEqualTo("REVISION  CHANGE-CAUSE\n1         <none>\n");
    }

    @Test
    void indentIsNotPartOfAnyColumn() {
        assertThat(TabWriter.forDescribe().row("a", "b").render("  ")).isEqualTo("  a  b\n");
    }

    @Test
    void parsesOutputFlags() {
        assertThat(OutputFormat.parse(null)).isEqualTo(OutputFormat.TABLE);
        assertThat(OutputFormat.parse("wide")).isEqualTo(OutputFormat.WIDE);
        assertThat(OutputFormat.parse("YAML").isDocument()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputFormat.parse("xml"))
                .hasMessageContaining("\"xml\"");
    }
}
