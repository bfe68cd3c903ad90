package dev.pawscope.host.bench;

import dev.pawscope.host.io.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark results: printed as a two-column table and written as JSON with the same keys, plus
 * any groups (objects keyed by, e.g., method) whose rows the table also holds flat.
 */
public final class BenchTable {

    private final String title;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();
    private final Map<String, Map<String, ?>> groups = new LinkedHashMap<>();

    public BenchTable(String title) {
        this.title = title;
    }

    public BenchTable put(String key, Object value, String unit) {
        values.put(key, value);
        units.put(key, unit);
        return this;
    }

    /** A JSON object under {@code key} (e.g. milliseconds per method); not printed: put its rows too. */
    public BenchTable putGroup(String key, Map<String, ?> group) {
        groups.put(key, new LinkedHashMap<>(group));
        return this;
    }

    public Map<String, Object> values() {
        return Map.copyOf(values);
    }

    public void print(PrintStream out) {
        int w = values.keySet().stream().mapToInt(String::length).max().orElse(10);
        out.println(title);
        out.println("-".repeat(w + 24));
        for (var e : values.entrySet()) {
            out.printf(Locale.ROOT, "%-" + w + "s  %14s  %s%n", e.getKey(), format(e.getValue()), units.get(e.getKey()));
        }
    }

    public void writeJson(Path file) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", title);
        doc.putAll(values);
        doc.putAll(groups);
        AtomicFiles.writeJson(file, doc);
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%.4f", d);
        }
        return String.valueOf(v);
    }
}
