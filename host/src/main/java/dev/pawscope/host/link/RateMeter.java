package dev.pawscope.host.link;

/** Events per second over the last completed interval of about a second. Thread-safe. */
final class RateMeter {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private long intervalStart = System.nanoTime();
    private long count;
    private double rate;

    synchronized void add(long n) {
        roll(System.nanoTime());
        count += n;
    }

    synchronized double perSecond() {
        roll(System.nanoTime());
        return rate;
    }

    private void roll(long now) {
        long elapsed = now - intervalStart;
        if (elapsed >= INTERVAL_NANOS) {
            rate = count * 1e9 / elapsed;
            count = 0;
            intervalStart = now;
        }
    }
}
