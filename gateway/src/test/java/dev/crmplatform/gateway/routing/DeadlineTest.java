package dev.crmplatform.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.crmplatform.gateway.routing.ResilienceGatewayFilterFactory.Deadline;

class DeadlineTest {

    private final ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        timeouts.shutdownNow();
    }

    @Test
    void aCallThatFinishesInTimeLeavesNoInterruptAndNoPendingWatchdog() throws Exception {
        timeouts.setRemoveOnCancelPolicy(true);
        Deadline deadline = Deadline.start(timeouts, Duration.ofSeconds(5));
        assertThat(deadline.finish()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(timeouts.getQueue()).isEmpty();
    }

    @Test
    void anExpiredBudgetUnblocksASocketReadOfAVirtualThreadAndIsConsumedByFinish() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try (Socket socket = new Socket("127.0.0.1", silent.getLocalPort())) {
                    Deadline deadline = Deadline.start(timeouts, Duration.ofMillis(100));
                    long start = System.nanoTime();
                    try (InputStream in = socket.getInputStream()) {
                        in.read(); // the server never answers
                    }
                    catch (SocketException expected) {
                        // closed by the interrupt
                    }
                    boolean inTime = deadline.finish();
                    outcome.set(new Object[] {inTime, Thread.currentThread().isInterrupted(),
                            Duration.ofNanos(System.nanoTime() - start)});
                }
                catch (Exception e) {
                    outcome.set(e);
                }
            });
            caller.join(Duration.ofSeconds(5));
            assertThat(outcome.get()).isInstanceOf(Object[].class);
            Object[] result = (Object[]) outcome.get();
            assertThat(result[0]).as("finished in time").isEqualTo(false);
            assertThat(result[1]).as("interrupt left set").isEqualTo(false);
            assertThat((Duration) result[2]).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void concurrentFinishAndExpiryNeverLeaveAStrayInterrupt() throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2_000; i++) {
                threads.submit(() -> {
                    Deadline deadline = Deadline.start(timeouts, Duration.ofNanos(1_000));
                    Thread.onSpinWait();
                    deadline.finish();
                    assertThat(Thread.currentThread().isInterrupted()).isFalse();
                    return null;
                }).get();
            }
        }
    }
}
