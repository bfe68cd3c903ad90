package dev.pawscope.host.link.discovery;

import java.time.Duration;

/** Time for code that polls: the real clock, or a simulated one that tests advance on each sleep. */
public interface Ticker {

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }
    };
}
