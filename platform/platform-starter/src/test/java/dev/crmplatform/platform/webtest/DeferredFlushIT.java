package dev.crmplatform.platform.webtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Responses that fit the buffer carry a Content-Length; larger ones and event streams still stream. */
class DeferredFlushIT extends WebIntegrationTestSupport {

    @Test
    void aJsonAnswerGoesOutWithItsLengthInsteadOfChunked() {
        UUID tenant = UUID.randomUUID();
        String id = json(postJson("/api/widgets", tenant, createBody("sized"))).path("id").asString();

        HttpResponse<String> response = get("/api/widgets/" + id, tenant);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length"))
                .hasValue(response.body().getBytes(StandardCharsets.UTF_8).length);
        assertProblem(get("/api/widgets/" + UUID.randomUUID(), tenant), 404, "not-found");
    }

    @Test
    void aBodyLargerThanTheBufferStillStreams() {
        HttpResponse<String> response = get("/api/widgets/large?kilobytes=256", UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(json(response).path("data").asString()).hasSize(256 * 1024);
    }

    @Test
    void anEventStreamIsFlushedEventByEvent() throws Exception {
        WidgetController.eventsRelease = new CountDownLatch(1);
        HttpResponse<InputStream> response = HTTP.send(request("/api/widgets/events", UUID.randomUUID())
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // The first event arrives while the stream is still open: its flush was not held back.
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> readLine(lines));
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("data:first");
            WidgetController.eventsRelease.countDown();
            assertThat(lines.lines()).contains("data:last");
        }
        finally {
            WidgetController.eventsRelease.countDown();
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
