package dev.crmplatform.platform.webtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class PagingAndETagIT extends WebIntegrationTestSupport {

    private List<String> pageThrough(UUID tenant, String sort, int limit, Runnable betweenPages) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/widgets?limit=" + limit + "&sort=" + URLEncoder.encode(sort, StandardCharsets.UTF_8)
                    + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> response = get(path, tenant);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = json(response);
            body.path("items").forEach(item -> seen.add(item.path("id").asString()));
            cursor = body.path("nextCursor").isNull() ? null : body.path("nextCursor").asString();
            betweenPages.run();
        } while (cursor != null);
        return seen;
    }

    private List<String> createAll(UUID tenant, int count, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Few distinct names and sizes (with nulls), so ties and NULLs exercise the id tie-breaker.
            String size = i % 4 == 0 ? "null" : String.valueOf(i % 3);
            String body = "{\"name\":\"" + prefix + (i % 5) + "\",\"size\":" + size + "}";
            HttpResponse<String> response = postJson("/api/widgets", tenant, body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            ids.add(json(response).path("id").asString());
        }
        return ids;
    }

    @Test
    void cursorPaginationIsStableUnderConcurrentInserts() {
        UUID tenant = UUID.randomUUID();
        List<String> original = createAll(tenant, 23, "w");
        for (String sort : List.of("createdAt", "-createdAt", "name", "-name,size", "size,-name", "-size")) {
            int[] round = { 0 };
            List<String> seen = pageThrough(tenant, sort, 5,
                    () -> createAll(tenant, round[0]++ < 3 ? 2 : 0, "new-" + sort + "-"));
            assertThat(new HashSet<>(seen)).as("no duplicates for %s", sort).hasSameSizeAs(seen);
            assertThat(seen).as("every pre-existing row seen for %s", sort).containsAll(original);
        }
    }

    @Test
    void pagesFollowTheRequestedOrder() {
        UUID tenant = UUID.randomUUID();
        createAll(tenant, 12, "n");
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode body = json(get("/api/widgets?limit=4&sort=-name" + (cursor == null ? "" : "&cursor=" + cursor),
                    tenant));
            body.path("items").forEach(item -> names.add(item.path("name").asString()));
            cursor = body.path("nextCursor").isNull() ? null : body.path("nextCursor").asString();
        } while (cursor != null);
        assertThat(names).hasSize(12).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void defaultLimitAndLastPageHasNoCursor() {
        UUID tenant = UUID.randomUUID();
        createAll(tenant, 3, "d");
        JsonNode body = json(get("/api/widgets", tenant));
        assertThat(body.path("items").size()).isEqualTo(3);
        assertThat(body.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void badPagingParametersAre400() {
        UUID tenant = UUID.randomUUID();
        JsonNode sort = assertProblem(get("/api/widgets?sort=password", tenant), 400, "validation-failed");
        assertThat(sort.path("errors").get(0).path("field").asString()).isEqualTo("sort");
        assertThat(sort.path("errors").get(0).path("message").asString()).contains("createdAt", "name");
        assertProblem(get("/api/widgets?limit=0", tenant), 400, "validation-failed");
        assertProblem(get("/api/widgets?limit=201", tenant), 400, "validation-failed");
        assertProblem(get("/api/widgets?limit=abc", tenant), 400, "invalid-value");
        assertProblem(get("/api/widgets?cursor=not-a-cursor", tenant), 400, "invalid-cursor");
        assertProblem(get("/api/widgets?cursor=" + "eyJ4IjoxfQ", tenant), 400, "invalid-cursor");

        createAll(tenant, 3, "c");
        String cursor = json(get("/api/widgets?limit=1&sort=name", tenant)).path("nextCursor").asString();
        assertProblem(get("/api/widgets?limit=1&sort=-size&cursor=" + cursor, tenant), 400, "invalid-cursor");
    }

    @Test
    void etagAndIfMatch() {
        UUID tenant = UUID.randomUUID();
        HttpResponse<String> created = postJson("/api/widgets", tenant, createBody("v0"));
        String id = json(created).path("id").asString();
        HttpResponse<String> read = get("/api/widgets/" + id, tenant);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"0\"");

        assertProblem(rename(id, tenant, null, "v1"), 428, "precondition-required");
        assertProblem(rename(id, tenant, "W/\"0\"", "v1"), 400, "invalid-if-match");
        assertProblem(rename(id, tenant, "0", "v1"), 400, "invalid-if-match");

        HttpResponse<String> ok = rename(id, tenant, "\"0\"", "v1");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("ETag")).hasValue("\"1\"");

        JsonNode stale = assertProblem(rename(id, tenant, "\"0\"", "v2"), 412, "precondition-failed");
        assertThat(stale.path("currentETag").asString()).isEqualTo("\"1\"");
        assertThat(json(get("/api/widgets/" + id, tenant)).path("name").asString()).isEqualTo("v1");
    }

    private HttpResponse<String> rename(String id, UUID tenant, String ifMatch, String name) {
        HttpRequest.Builder builder = request("/api/widgets/" + id + "/name", tenant)
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(name));
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
        return send(builder);
    }

    @Test
    void tenantsPageOnlyTheirOwnRows() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Set<String> idsA = new HashSet<>(createAll(a, 7, "a"));
        createAll(b, 4, "b");
        List<String> seenA = pageThrough(a, "name", 3, () -> {
        });
        assertThat(new HashSet<>(seenA)).isEqualTo(idsA);
    }
}
