package dev.crmplatform.platform.webtest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

@RestController
@RequestMapping("/api/widgets")
public class WidgetController {

    /** Lets a test hold a request inside the handler (for the in-flight idempotency case). */
    public static volatile CountDownLatch slowEntered = new CountDownLatch(1);
    public static volatile CountDownLatch slowRelease = new CountDownLatch(1);
    public static final AtomicInteger flakyCalls = new AtomicInteger();
    public static volatile CountDownLatch eventsRelease = new CountDownLatch(1);

    private final WidgetService service;
    private final ObjectProvider<Tracer> tracer;

    public WidgetController(WidgetService service, ObjectProvider<Tracer> tracer) {
        this.service = service;
        this.tracer = tracer;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Widget> create(@Valid @RequestBody CreateWidget command) {
        Widget widget = service.create(command);
        return ResponseEntity.created(URI.create("/api/widgets/" + widget.id()))
                .eTag(ETags.of(widget.version())).body(widget);
    }

    @PostMapping(path = "/service-validated", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Widget> createServiceValidated(@RequestBody CreateWidget command) {
        return ResponseEntity.status(HttpStatus.CREATED).body(service.createValidated(command));
    }

    @GetMapping("/{id}")
    public ResponseEntity<Widget> get(@PathVariable UUID id) {
        Widget widget = service.get(id);
        return ResponseEntity.ok().eTag(ETags.of(widget.version())).body(widget);
    }

    @PutMapping(path = "/{id}/name", consumes = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<Widget> rename(@PathVariable UUID id, @RequestBody String name,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expected = ETags.requireIfMatch(ifMatch);
        Widget widget = service.rename(id, name, expected);
        return ResponseEntity.ok().eTag(ETags.of(widget.version())).body(widget);
    }

    @GetMapping
    public Page<Widget> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) String sort) {
        return service.list(PageQuery.of(limit, cursor, sort, WidgetService.SORTABLE, "createdAt"));
    }

    @GetMapping("/search")
    public String search(@RequestParam int minSize) {
        return "ok " + minSize;
    }

    @GetMapping("/by-color/{color}")
    public String byColor(@PathVariable Widget.Color color) {
        return color.name();
    }

    @GetMapping("/validated")
    public String validated(@RequestParam @Size(max = 3) String code) {
        return code;
    }

    @GetMapping("/boom")
    public String boom() {
        throw new IllegalStateException("secret internal detail: password=hunter2 at db-host-17");
    }

    @GetMapping("/conflict")
    public String conflict() {
        throw new OptimisticLockingFailureException("row 42 changed");
    }

    @GetMapping("/trace")
    public String trace() {
        Tracer t = tracer.getIfAvailable();
        Span span = t == null ? null : t.currentSpan();
        return span == null ? "none" : span.context().traceId();
    }

    @GetMapping("/admin/ping")
    public String adminPing() {
        return "pong";
    }

    @GetMapping("/actor")
    public String actor() {
        return CurrentActor.id() + " " + String.join(",", new java.util.TreeSet<>(CurrentActor.scopes()));
    }

    @PostMapping(path = "/upload", consumes = MediaType.TEXT_PLAIN_VALUE)
    public String upload(InputStream body) throws IOException {
        return String.valueOf(body.transferTo(java.io.OutputStream.nullOutputStream()));
    }

    @PostMapping(path = "/echo-size", consumes = MediaType.TEXT_PLAIN_VALUE)
    public String echoSize(InputStream body) throws IOException {
        return String.valueOf(body.transferTo(java.io.OutputStream.nullOutputStream()));
    }

    @PostMapping(path = "/slow", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Widget> slow(@Valid @RequestBody CreateWidget command) throws InterruptedException {
        slowEntered.countDown();
        if (!slowRelease.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test never released the slow request");
        }
        return create(command);
    }

    /** A JSON body (of a length unknown until written) far larger than the container's response buffer. */
    @GetMapping("/large")
    public Map<String, String> large(@RequestParam int kilobytes) {
        return Map.of("data", "x".repeat(kilobytes * 1024));
    }

    /** Sends one event, then holds the stream open until the test releases it. */
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events() throws IOException {
        SseEmitter emitter = new SseEmitter(30_000L);
        emitter.send(SseEmitter.event().data("first"));
        Thread.ofVirtual().start(() -> {
            try {
                eventsRelease.await(30, TimeUnit.SECONDS);
                emitter.send(SseEmitter.event().data("last"));
                emitter.complete();
            }
            catch (IOException | InterruptedException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    /** Fails with 500 on the first call, succeeds afterwards. */
    @PostMapping(path = "/flaky", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Widget> flaky(@Valid @RequestBody CreateWidget command) {
        if (flakyCalls.incrementAndGet() == 1) {
            throw new IllegalStateException("transient failure");
        }
        return create(command);
    }
}
