package dev.pawscope.host.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on standard error: {@code synth  [#########.......]  1200/4000  2950/s  ETA 1s  loss 0.31}.
 * On a terminal it redraws one line at most ten times a second; when the output is a file or a
 * pipe it prints a line at every quarter, so logs stay short. Thread-safe.
 */
public final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 28;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final String task;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private long done;
    private String suffix = "";
    private long lastDrawNanos;
    private int lastQuarter = -1;
    private boolean closed;

    public ProgressBar(String task, long total) {
        // on a terminal, redraw on the terminal itself: stderr may be a log file even then
        this(task, total, System.console() != null ? new PrintStream(new ConsoleOutput(), true) : System.err,
                System.console() != null);
    }

    /** Bytes to the console's writer (the terminal), as a stream. */
    private static final class ConsoleOutput extends java.io.OutputStream {
        @Override
        public void write(int b) {
            System.console().writer().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.console().writer().write(new String(b, off, len, java.nio.charset.Charset.defaultCharset()));
        }

        @Override
        public void flush() {
            System.console().writer().flush();
        }
    }

    ProgressBar(String task, long total, PrintStream out, boolean interactive) {
        if (total <= 0) {
            throw new IllegalArgumentException("progress total must be positive, found " + total);
        }
        this.task = task;
        this.total = total;
        this.out = out;
        this.interactive = interactive;
    }

    public synchronized void step(long n) {
        set(done + n, suffix);
    }

    /** Sets the amount done and a short status shown after the bar (e.g. the current loss). */
    public synchronized void set(long doneNow, String status) {
        done = Math.min(doneNow, total);
        suffix = status == null ? "" : status;
        long now = System.nanoTime();
        if (interactive) {
            if (now - lastDrawNanos >= REDRAW_NANOS || done == total) {
                lastDrawNanos = now;
                out.print("\r" + line(now) + "\u001b[K");
                out.flush();
            }
        } else {
            int quarter = (int) (4 * done / total);
            if (quarter != lastQuarter) {
                lastQuarter = quarter;
                out.println(line(now));
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (interactive) {
            out.print("\r" + line(System.nanoTime()) + "\u001b[K\n");
        } else if (lastQuarter != 4) {
            out.println(line(System.nanoTime()));
        }
        out.flush();
    }

    String line(long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        int filled = (int) (WIDTH * done / total);
        double rate = done / seconds;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s [", task));
        sb.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
        sb.append(done).append('/').append(total);
        // a rate over the first fraction of a second is noise; show it once it means something
        boolean settled = seconds >= 0.5;
        sb.append(settled ? String.format(Locale.ROOT, "  %s/s", compact(rate)) : "  --/s");
        if (done < total && settled && rate > 0) {
            sb.append("  ETA ").append(duration((total - done) / rate));
        } else {
            sb.append("  ").append(duration(seconds));
        }
        if (!suffix.isEmpty()) {
            sb.append("  ").append(suffix);
        }
        return sb.toString();
    }

    private static String compact(double rate) {
        return rate >= 100 ? String.format(Locale.ROOT, "%.0f", rate) : String.format(Locale.ROOT, "%.2f", rate);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }
}
