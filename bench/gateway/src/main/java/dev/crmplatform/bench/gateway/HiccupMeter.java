package dev.crmplatform.bench.gateway;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How late a thread that only sleeps 1 ms wakes up, as jHiccup measures it: whatever delays it (the machine's other
 * work, the hypervisor, this JVM's pauses) also delays every request in flight. Recorded next to the latency phases, it
 * shows how much of a tail belongs to the machine rather than to the code under test.
 */
final class HiccupMeter implements AutoCloseable {

    private static final long SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(10), 3);
    private final Thread thread;
    private volatile boolean running = true;

    HiccupMeter() {
        thread = Thread.ofPlatform().daemon().name("bench-hiccup-meter").start(this::measure);
    }

    private void measure() {
        while (running) {
            long before = System.nanoTime();
            LockSupport.parkNanos(SLEEP_NANOS);
            long late = System.nanoTime() - before - SLEEP_NANOS;
            recorder.recordValue(Math.max(0, late / 1000));
        }
    }

    /** Hiccups (µs) since the previous call. */
    Histogram interval() {
        return recorder.getIntervalHistogram();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
