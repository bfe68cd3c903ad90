package dev.pawscope.host.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    @Test
    void inALogFileItPrintsAStartLineAndOneLinePerQuarter() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar("synth", 100, new PrintStream(bytes, true, StandardCharsets.UTF_8), false)) {
            for (int i = 0; i < 100; i++) {
                bar.step(1);
            }
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(5, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains(" 1/100"), lines[0]);
        assertTrue(lines[2].contains(" 50/100"), lines[2]);
        assertTrue(lines[4].contains("100/100"), lines[4]);
        assertTrue(lines[4].contains("[" + "#".repeat(28) + "]"), lines[4]);
    }

    @Test
    void itShowsTheStatusSuffix() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar("train", 10, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        bar.set(5, "loss 0.25");
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("5/10"));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("loss 0.25"));
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("42s", ProgressBar.duration(42.2));
        assertEquals("2m05s", ProgressBar.duration(125));
    }

    @Test
    void anEmptyTaskIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ProgressBar("x", 0));
    }
}
