package dev.crmplatform.customer.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.customer.customers.CustomerEvents;
import dev.crmplatform.customer.imports.ImportProcessor.Step;
import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@CrmIntegrationTest
class CustomerImportIT {

    static final String IMPORTS = "/api/v1/customers/imports";
    static final String HEADER = "type,firstName,lastName,organizationName,email,phone,lifecycleStage,tags\n";
    static final MediaType CSV = MediaType.valueOf("text/csv");
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    ImportProperties properties;

    @Autowired
    ImportJobs jobs;

    @Autowired
    ImportWorker worker;

    @Autowired
    ImportProcessor processor;

    TenantClient api;

    @BeforeEach
    void newTenant() {
        api = TenantClient.newTenant(port);
    }

    @Test
    void createsNewCustomersUpdatesMatchesByEmailOrPhoneAndSkipsRepeatedRows() {
        String alice = api.createCustomer("""
                {"type":"PERSON","firstName":"Alice","lastName":"Smith","emails":[{"address":"alice@example.com"}],
                 "tags":["vip"]}""");
        String bob = api.createCustomer("""
                {"type":"PERSON","firstName":"Bob","phones":[{"number":"+1 415 555 0101"}]}""");

        JsonNode job = importAndAwait(HEADER + """
                PERSON,Alice,Smith,,ALICE@Example.com,,CUSTOMER,vip|Import
                PERSON,Robert,Brown,,,(415) 555-0101,,b2b
                PERSON,Carol,King,,carol@example.com,+1 415 555 0102,,
                ORGANIZATION,,,Acme GmbH,info@acme.example,,prospect,
                PERSON,Caroline,K,,Carol@Example.COM,,,
                PERSON,Dan,,,,415.555.0102,,
                """);

        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("totalRows").asLong()).isEqualTo(6);
        assertThat(job.get("processed").asLong()).isEqualTo(6);
        assertThat(job.get("created").asLong()).isEqualTo(2);
        assertThat(job.get("updated").asLong()).isEqualTo(2);
        assertThat(job.get("skippedDuplicates").asLong()).isEqualTo(2);
        assertThat(job.get("failed").asLong()).isZero();
        assertThat(job.get("errors")).isEmpty();
        assertThat(job.get("onMatch").asString()).isEqualTo("UPDATE");
        assertThat(job.get("startedAt").isNull()).isFalse();
        assertThat(job.get("finishedAt").isNull()).isFalse();

        JsonNode updatedAlice = api.get("/api/v1/customers/" + alice).json();
        assertThat(updatedAlice.get("version").asLong()).isEqualTo(2);
        assertThat(updatedAlice.get("lifecycleStage").asString()).isEqualTo("CUSTOMER");
        assertThat(updatedAlice.get("tags")).extracting(JsonNode::asString).containsExactly("vip", "import");
        assertThat(updatedAlice.get("emails")).hasSize(1);

        JsonNode updatedBob = api.get("/api/v1/customers/" + bob).json();
        assertThat(updatedBob.get("firstName").asString()).as("names only fill what is empty").isEqualTo("Bob");
        assertThat(updatedBob.get("lastName").asString()).isEqualTo("Brown");
        assertThat(updatedBob.get("displayName").asString()).isEqualTo("Bob Brown");
        assertThat(updatedBob.get("tags")).extracting(JsonNode::asString).containsExactly("b2b");
        assertThat(updatedBob.get("lifecycleStage").asString()).isEqualTo("LEAD");

        Map<String, JsonNode> imported = customersByName();
        assertThat(imported).containsOnlyKeys("Alice Smith", "Bob Brown", "Carol King", "Acme GmbH");
        JsonNode carol = imported.get("Carol King");
        assertThat(carol.at("/emails/0/address").asString()).isEqualTo("carol@example.com");
        assertThat(carol.at("/emails/0/primary").asBoolean()).isTrue();
        assertThat(carol.at("/phones/0/number").asString()).isEqualTo("+14155550102");
        assertThat(carol.get("lifecycleStage").asString()).isEqualTo("LEAD");
        assertThat(carol.get("version").asLong()).isEqualTo(1);
        assertThat(carol.get("createdBy").asString()).startsWith("user-");
        assertThat(imported.get("Acme GmbH").get("lifecycleStage").asString()).isEqualTo("PROSPECT");
        assertThat(UUID.fromString(carol.get("id").asString()).version()).isEqualTo(7);
    }

    @Test
    void onMatchSkipLeavesMatchedCustomersAlone() {
        String alice = api.createCustomer("""
                {"type":"PERSON","firstName":"Alice","emails":[{"address":"alice@example.com"}]}""");

        JsonNode job = importAndAwait("?onMatch=SKIP", HEADER + """
                PERSON,Alice,Smith,,alice@example.com,,CUSTOMER,
                PERSON,Eve,Adams,,eve@example.com,,,
                """);

        assertThat(job.get("onMatch").asString()).isEqualTo("SKIP");
        assertThat(job.get("created").asLong()).isEqualTo(1);
        assertThat(job.get("updated").asLong()).isZero();
        assertThat(job.get("skippedDuplicates").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/customers/" + alice).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aRowThatWouldTakeItsCustomerOverALimitFailsAndLeavesTheCustomerAlone() {
        String fiona = api.createCustomer("""
                {"type":"PERSON","firstName":"Fiona","emails":[{"address":"fiona@example.com"}],"tags":%s}"""
                .formatted(JSON.writeValueAsString(IntStream.range(0, 49).mapToObj(i -> "t" + i).toList())));
        String hana = api.createCustomer("""
                {"type":"PERSON","firstName":"Hana","emails":[{"address":"hana@example.com"}],"tags":%s}"""
                .formatted(JSON.writeValueAsString(IntStream.range(0, 48).mapToObj(i -> "t" + i).toList())));

        JsonNode job = importAndAwait(HEADER + """
                PERSON,Fiona,Full,,fiona@example.com,,,t1|extra1|extra2
                PERSON,Gina,Fine,,gina@example.com,,,
                PERSON,Hana,Exactly,,hana@example.com,,,extra1|extra2
                """);

        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("created").asLong()).isEqualTo(1);
        assertThat(job.get("updated").asLong()).isEqualTo(1);
        assertThat(job.get("failed").asLong()).isEqualTo(1);
        assertThat(job.get("processed").asLong()).isEqualTo(3);
        assertThat(job.at("/errors/0/row").asLong()).isEqualTo(1);
        assertThat(job.at("/errors/0/field").asString()).isEqualTo("tags");
        assertThat(job.at("/errors/0/reason").asString()).contains("more than 50 tags");
        JsonNode unchanged = api.get("/api/v1/customers/" + fiona).json();
        assertThat(unchanged.get("version").asLong()).isEqualTo(1);
        assertThat(unchanged.get("tags")).hasSize(49);
        assertThat(api.get("/api/v1/customers/" + hana).json().get("tags")).hasSize(50);
    }

    @Test
    void badRowsAreReportedWithRowNumbersWhileGoodRowsAreImported() {
        JsonNode job = importAndAwait(HEADER + """
                PERSON,Good,One,,good.one@example.com,,,
                PERSON,Bad,Email,,not-an-email,,,
                PERSON,Bad,Phone,,,12,,
                ROBOT,Bad,Type,,bad.type@example.com,,,
                PERSON,Too,Few,fields
                PERSON,Bad,Stage,,bad.stage@example.com,,VIP,
                PERSON,Bad,Tag,,bad.tag@example.com,,,"no spaces"
                PERSON,,,,nameless@example.com,,,
                ORGANIZATION,Org,WithoutName,,org@example.com,,,
                PERSON,%s,,,long@example.com,,,
                PERSON,Good,Two,,,+44 20 7946 0958,,
                """.formatted("x".repeat(201)));

        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("totalRows").asLong()).isEqualTo(11);
        assertThat(job.get("created").asLong()).isEqualTo(2);
        assertThat(job.get("failed").asLong()).isEqualTo(9);
        assertThat(job.get("processed").asLong()).isEqualTo(11);
        assertThat(job.get("errorsTruncated").asBoolean()).isFalse();

        List<JsonNode> errors = new ArrayList<>();
        job.get("errors").forEach(errors::add);
        assertThat(errors).extracting(e -> e.get("row").asLong()).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(errors).extracting(e -> e.path("field").asString(null))
                .containsExactly("email", "phone", "type", null, "lifecycleStage", "tags", "firstName",
                        "organizationName", "firstName");
        assertThat(errors.get(0).get("reason").asString()).contains("not a valid email address");
        assertThat(errors.get(1).get("reason").asString()).contains("not a valid phone number");
        assertThat(errors.get(3).get("reason").asString()).contains("has 4 fields, the header has 8");

        assertThat(customersByName()).containsOnlyKeys("Good One", "Good Two");
        assertThat(customersByName().get("Good Two").at("/phones/0/number").asString()).isEqualTo("+442079460958");
    }

    @Test
    void aFileThatIsNotOurCsvIsA400AndWritesNothing() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0};
        byte[] binaryTail = (HEADER + "PERSON,Ann,Lee,,ann@example.com,,,\nPERSON,Bo\u0000\u0001\u0002,,,,,,\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = (HEADER + "PERSON,Ann,Lee,,ann@example.com,,,\nPERSON,").getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = concat(notUtf8, new byte[] {(byte) 0xE9, 'e', ',', ',', ',', ',', ',', ',', '\n'});

        Map<String, byte[]> files = new HashMap<>();
        files.put("png", png);
        files.put("binary after good rows", binaryTail);
        files.put("not UTF-8", latin1);
        files.put("empty", new byte[0]);
        files.put("unknown column", "type,firstName,lastName,shoeSize\nPERSON,Ann,Lee,42\n".getBytes(StandardCharsets.UTF_8));
        files.put("no type column", "firstName,lastName\nAnn,Lee\n".getBytes(StandardCharsets.UTF_8));
        files.put("repeated column", "type,firstName,firstName\nPERSON,Ann,Ann\n".getBytes(StandardCharsets.UTF_8));
        files.put("unclosed quote", (HEADER + "PERSON,\"Ann,Lee,,ann@example.com,,,\n").getBytes(StandardCharsets.UTF_8));
        files.put("only a byte order mark", BOM);
        files.put("header with an empty name", (HEADER.strip() + ",\n").getBytes(StandardCharsets.UTF_8));

        files.forEach((what, body) -> {
            ResponseEntity<String> response = postBytes(body);
            assertThat(response.getStatusCode().value()).as(what).isEqualTo(400);
            assertThat(response.getHeaders().getContentType().toString()).as(what).startsWith("application/problem+json");
            assertThat(JSON.readTree(response.getBody()).get("type").asString()).as(what)
                    .isEqualTo("https://crmplatform.dev/problems/invalid-csv");
        });
        assertThat(rowsOfTenant("import_job")).isZero();
        assertThat(rowsOfTenant("import_staging")).isZero();
        assertThat(rowsOfTenant("customer")).isZero();

        assertThat(detail(postBytes(BOM))).startsWith("The file is empty");
        assertThat(detail(postBytes((HEADER.strip() + ",\n").getBytes(StandardCharsets.UTF_8))))
                .contains("(an empty name, column 9)");
        assertThat(detail(postBytes(latin1))).isEqualTo("The file is not UTF-8 text; save it as UTF-8 "
                + "(\"CSV UTF-8\" in spreadsheet tools) and upload it again.");
    }

    @Test
    void aByteOrderMarkBeforeAQuotedHeaderIsNotPartOfTheHeader() {
        ResponseEntity<String> accepted = postBytes(concat(BOM, """
                "type","firstName","lastName","organizationName","email","phone","lifecycleStage","tags"
                PERSON,Bom,Quoted,,bom@example.com,,,
                """.getBytes(StandardCharsets.UTF_8)));
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        JsonNode job = awaitFinished(JSON.readTree(accepted.getBody()).get("id").asString(), Duration.ofSeconds(30));

        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("created").asLong()).isEqualTo(1);
    }

    @Test
    void aFileDeclaredInAnotherCharsetIs415() {
        byte[] latin1 = (HEADER + "PERSON,Zoë,Lee,,,,,\n").getBytes(StandardCharsets.ISO_8859_1);
        for (String charset : List.of("ISO-8859-1", "windows-1252")) {
            ResponseEntity<String> response = api.http().post().uri(IMPORTS)
                    .contentType(MediaType.parseMediaType("text/csv; charset=" + charset)).body(latin1)
                    .retrieve().toEntity(String.class);
            assertThat(response.getStatusCode().value()).as(charset).isEqualTo(415);
            assertThat(response.getBody()).as(charset).contains("must be UTF-8");
        }
        assertThat(rowsOfTenant("import_job")).isZero();
        ResponseEntity<String> utf8 = api.http().post().uri(IMPORTS)
                .contentType(MediaType.parseMediaType("text/csv; charset=utf-8"))
                .body((HEADER + "PERSON,Zoë,Lee,,,,,\n").getBytes(StandardCharsets.UTF_8))
                .retrieve().toEntity(String.class);
        assertThat(utf8.getStatusCode().value()).as(utf8.getBody()).isEqualTo(202);
    }

    @Test
    void anotherContentTypeIs415() {
        Response response = api.exchange(HttpMethod.POST, IMPORTS, "{\"type\":\"PERSON\"}", MediaType.APPLICATION_JSON,
                Map.of());
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.problemType()).isEqualTo("https://crmplatform.dev/problems/unsupported-media-type");
        assertThat(rowsOfTenant("import_job")).isZero();
    }

    @Test
    void anotherTenantsJobIsNotFound() {
        JsonNode job = importAndAwait(HEADER + "PERSON,Ann,Lee,,ann@example.com,,,\n");
        TenantClient other = TenantClient.newTenant(port);

        Response response = other.get(IMPORTS + "/" + job.get("id").asString());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo("https://crmplatform.dev/problems/not-found");
        assertThat(api.get(IMPORTS + "/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void importedCustomersArePublishedAsCreatedAndUpdatedEvents() {
        String alice = api.createCustomer("""
                {"type":"PERSON","firstName":"Alice","emails":[{"address":"alice@example.com"}]}""");
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(CustomerEvents.TOPIC)) {
            importAndAwait(HEADER + """
                    PERSON,Alice,Smith,,alice@example.com,,CUSTOMER,
                    PERSON,Zoe,Quinn,,zoe@example.com,+1 415 555 0177,,vip
                    """);
            String zoe = customersByName().get("Zoe Quinn").get("id").asString();

            Map<String, ConsumerRecord<String, byte[]>> byType = new HashMap<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> record : TestKafka.poll(consumer, Duration.ofMillis(200))) {
                    String type = TestKafka.header(record, "ce_type");
                    if ((record.key().equals(zoe) && CustomerEvents.CREATED.equals(type))
                            || (record.key().equals(alice) && CustomerEvents.UPDATED.equals(type))) {
                        byType.put(type, record);
                    }
                }
                assertThat(byType).containsOnlyKeys(CustomerEvents.CREATED, CustomerEvents.UPDATED);
            });

            ConsumerRecord<String, byte[]> created = byType.get(CustomerEvents.CREATED);
            JsonNode createdPayload = JSON.readTree(created.value());
            assertThat(createdPayload.at("/customer/id").asString()).isEqualTo(zoe);
            assertThat(createdPayload.at("/customer/phones/0/number").asString()).isEqualTo("+14155550177");
            assertThat(TestKafka.header(created, "ce_tenantid")).isEqualTo(api.tenant().toString());
            assertThat(TestKafka.header(created, "ce_aggregateversion")).isEqualTo("1");
            assertThat(TestKafka.header(created, "ce_subject")).isEqualTo(zoe);

            JsonNode updatedPayload = JSON.readTree(byType.get(CustomerEvents.UPDATED).value());
            assertThat(updatedPayload.at("/customer/lifecycleStage").asString()).isEqualTo("CUSTOMER");
            assertThat(updatedPayload.at("/customer/version").asLong()).isEqualTo(2);
            assertThat(updatedPayload.get("changedFields")).extracting(JsonNode::asString)
                    .contains("lastName", "lifecycleStage");
        }
    }

    @Test
    void aFiftyThousandRowFileIsImportedInBatches() {
        StringBuilder csv = new StringBuilder(HEADER);
        int rows = 50_000;
        for (int i = 0; i < rows; i++) {
            csv.append("PERSON,First").append(i).append(",Last,,person").append(i).append("@example.com,")
                    .append(String.format("+1 212 %03d %04d", 200 + i / 10_000, i % 10_000)).append(",,bulk\n");
        }

        JsonNode job = importAndAwait("", csv.toString(), Duration.ofMinutes(3));

        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("created").asLong()).isEqualTo(rows);
        assertThat(job.get("processed").asLong()).isEqualTo(rows);
        assertThat(rowsOfTenant("customer")).isEqualTo(rows);
        assertThat(rowsOfTenant("customer_change")).isEqualTo(rows);
        assertThat(rowsOfTenant("import_staging")).as("processed batches drop their staged rows").isZero();
    }

    /**
     * Batches are applied concurrently but commit in file order. The second batch here is one row, applied far
     * faster than the first: were it committed first, the first batch's older row would overwrite its stage.
     */
    @Test
    void aLaterBatchMatchingTheSameCustomerCommitsAfterTheEarlierOne() {
        assertThat(properties.processWorkers()).as("batches are applied concurrently").isGreaterThan(1);
        String ordered = api.createCustomer("""
                {"type":"PERSON","firstName":"Ordered","lastName":"Rows","emails":[{"address":"ordered@example.com"}],
                 "phones":[{"number":"+1 212 555 0199"}]}""");
        StringBuilder csv = new StringBuilder(HEADER).append("PERSON,Ordered,Rows,,ordered@example.com,,PROSPECT,first\n");
        for (int i = 2; i <= properties.processBatchRows(); i++) {
            csv.append("PERSON,Filler").append(i).append(",Row,,filler").append(i).append("@example.com,,,\n");
        }
        csv.append("PERSON,Ordered,Rows,,ordered.work@example.com,+1 212 555 0199,CUSTOMER,second\n");

        JsonNode job = importAndAwait("", csv.toString(), Duration.ofMinutes(2));

        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("updated").asLong()).isEqualTo(2);
        assertThat(job.get("created").asLong()).isEqualTo(properties.processBatchRows() - 1);
        JsonNode customer = api.get("/api/v1/customers/" + ordered).json();
        assertThat(customer.get("lifecycleStage").asString()).as("the later row wins").isEqualTo("CUSTOMER");
        assertThat(customer.get("version").asLong()).isEqualTo(3);
        assertThat(customer.get("tags")).extracting(JsonNode::asString).containsExactly("first", "second");
        assertThat(customer.get("emails")).extracting(e -> e.get("address").asString())
                .containsExactly("ordered@example.com", "ordered.work@example.com");
        List<Long> history = TenantContext.callAs(api.tenant(), () -> new TransactionTemplate(transactionManager)
                .execute(s -> jdbc.sql("select version from customer_change where customer_id = :id order by id")
                        .param("id", UUID.fromString(ordered)).query(Long.class).list()));
        assertThat(history).as("history in commit order").containsExactly(1L, 2L, 3L);
        // the batches' new words reached the search dictionary (added after each batch's turn): a typo still finds
        List<String> found = new ArrayList<>();
        api.get("/api/v1/customers?q=Fillr17 Row").json().get("items")
                .forEach(item -> found.add(item.get("displayName").asString()));
        assertThat(found).contains("Filler17 Row");
    }

    /**
     * An instance died after committing the first two rows of a job (its lease expired, its staged rows 3 and 4
     * remain): another worker claims the job and continues after the last committed row, adding to the counters.
     */
    @Test
    void aJobWhoseWorkerDiedIsResumedAfterItsLastCommittedRow() {
        UUID job = runningJob(2, 4, "a-dead-instance", "-1 seconds");
        worker.wakeUp();

        JsonNode resumed = awaitFinished(job.toString(), Duration.ofSeconds(30));
        assertThat(resumed.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(resumed.get("processed").asLong()).isEqualTo(4);
        assertThat(resumed.get("created").asLong()).isEqualTo(4);
        assertThat(customersByName()).containsOnlyKeys("Staged Row3", "Staged Row4");
        assertThat(rowsOfTenant("import_staging")).isZero();
    }

    /**
     * Batches commit in file order even when the later one reaches its turn first: with the batch ahead not committed
     * (here: not even started, as after a rollback), the later batch rolls back everything it did and gives way.
     */
    @Test
    void aBatchWhoseTurnComesBeforeTheBatchAheadCommittedRollsBackAndGivesWay() {
        // leased to this test for an hour: no worker claims it
        UUID job = runningJob(0, 4, "this-test", "3600 seconds");
        BatchCursor.Batch first = new BatchCursor.Batch(0, 0, 2, 2);
        BatchCursor.Batch second = new BatchCursor.Batch(1, 2, 4, 2);

        TenantContext.runAs(api.tenant(), () -> assertThatThrownBy(
                () -> processor.processBatch(api.tenant(), job, "this-test", second))
                .isInstanceOf(BatchOutOfTurnException.class));
        assertThat(customersByName()).as("the later batch's new customers rolled back").isEmpty();
        assertThat(rowsOfTenant("import_staging")).isEqualTo(4);

        TenantContext.runAs(api.tenant(), () -> {
            assertThat(processor.processBatch(api.tenant(), job, "this-test", first)).isEqualTo(Step.CONTINUE);
            assertThat(processor.processBatch(api.tenant(), job, "this-test", second)).isEqualTo(Step.CONTINUE);
            assertThat(processor.complete(api.tenant(), job)).isTrue();
        });
        JsonNode done = api.get(IMPORTS + "/" + job).json();
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("processed").asLong()).isEqualTo(4);
        assertThat(done.get("created").asLong()).isEqualTo(4);
        assertThat(customersByName()).containsOnlyKeys("Staged Row1", "Staged Row2", "Staged Row3", "Staged Row4");
    }

    /**
     * A RUNNING job as a worker leaves it: its rows up to {@code through} committed (and counted as created), rows
     * {@code through + 1 .. total} staged as new people, its queue entry held by {@code holder} for {@code lease}
     * from now (an interval; negative: expired).
     */
    private UUID runningJob(int through, int total, String holder, String lease) {
        UUID job = UUID.randomUUID();
        TenantContext.runAs(api.tenant(), () -> new TransactionTemplate(transactionManager).executeWithoutResult(s -> {
            jobs.insert(api.tenant(), job, "UPDATE", "test");
            jdbc.sql("""
                            update import_job set status = 'RUNNING', started_at = now(), total_rows = :total,
                                processed_rows = :through, created_count = :through, processed_through = :through
                            where id = :job""")
                    .param("job", job).param("total", total).param("through", through).update();
            for (int row = through + 1; row <= total; row++) {
                String email = "staged" + row + "@example.com";
                jdbc.sql("""
                                insert into import_staging (tenant_id, job_id, row_number, customer_id, event_id,
                                    duplicate, type, first_name, last_name, display_name, email, emails, phones, tags,
                                    search_text)
                                values (:tenant, :job, :row, :customer, :event, false, 'PERSON', 'Staged', :last,
                                    'Staged ' || :last, :email,
                                    jsonb_build_array(jsonb_build_object('address', :email, 'primary', true)), '[]',
                                    '{}', 'staged ' || lower(:last) || ' ' || :email)""")
                        .param("tenant", api.tenant()).param("job", job).param("row", row)
                        .param("customer", UUID.randomUUID()).param("event", UUID.randomUUID())
                        .param("last", "Row" + row).param("email", email)
                        .update();
            }
            jdbc.sql("""
                            insert into import_job_run (job_id, tenant_id, locked_by, locked_until, attempts)
                            values (:job, :tenant, :holder, now() + cast(:lease as interval), 1)""")
                    .param("job", job).param("tenant", api.tenant()).param("holder", holder).param("lease", lease)
                    .update();
        }));
        return job;
    }

    @Test
    void aJobThatKeepsInterruptingItsWorkerIsFailedWithTheReason() {
        UUID job = UUID.randomUUID();
        TenantContext.runAs(api.tenant(), () -> new TransactionTemplate(transactionManager).executeWithoutResult(s -> {
            jobs.insert(api.tenant(), job, "UPDATE", "test");
            // claimed as often as allowed already: the next claim is one too many
            jdbc.sql("insert into import_job_run (job_id, tenant_id, attempts) values (:job, :tenant, :attempts)")
                    .param("job", job).param("tenant", api.tenant()).param("attempts", properties.maxAttempts())
                    .update();
        }));
        worker.wakeUp();

        JsonNode failed = awaitFinished(job.toString(), Duration.ofSeconds(30));
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failureReason").asString())
                .isEqualTo("The import was interrupted " + properties.maxAttempts() + " times and was stopped.");
        assertThat(failed.get("finishedAt").isNull()).isFalse();
        assertThat(jdbc.sql("select count(*) from import_job_run where job_id = :job").param("job", job)
                .query(Long.class).single()).as("off the queue").isZero();
    }

    private JsonNode importAndAwait(String csv) {
        return importAndAwait("", csv);
    }

    private JsonNode importAndAwait(String query, String csv) {
        return importAndAwait(query, csv, Duration.ofSeconds(30));
    }

    private JsonNode importAndAwait(String query, String csv, Duration timeout) {
        Response accepted = api.exchange(HttpMethod.POST, IMPORTS + query, csv, CSV, Map.of());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        assertThat(accepted.header("Location")).isEqualTo(IMPORTS + "/" + id);
        assertThat(accepted.json().get("status").asString()).isIn("QUEUED", "RUNNING", "COMPLETED");
        return awaitFinished(id, timeout);
    }

    /** The job once it is neither queued nor running. */
    private JsonNode awaitFinished(String id, Duration timeout) {
        JsonNode[] job = new JsonNode[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            job[0] = api.get(IMPORTS + "/" + id).json();
            return !job[0].get("status").asString().matches("QUEUED|RUNNING");
        });
        return job[0];
    }

    /** The tenant's customers by display name, read from the database as the tenant. */
    private Map<String, JsonNode> customersByName() {
        Map<String, JsonNode> byName = new HashMap<>();
        TenantContext.runAs(api.tenant(), () -> new TransactionTemplate(transactionManager).executeWithoutResult(s ->
                jdbc.sql("select customer_state(c)::text from customer c")
                        .query(String.class).list()
                        .forEach(state -> {
                            JsonNode node = JSON.readTree(state);
                            byName.put(node.get("displayName").asString(), node);
                        })));
        return byName;
    }

    private long rowsOfTenant(String table) {
        return TenantContext.callAs(api.tenant(), () -> new TransactionTemplate(transactionManager).execute(s ->
                jdbc.sql("select count(*) from " + table).query(Long.class).single()));
    }

    private ResponseEntity<String> postBytes(byte[] body) {
        return api.http().post().uri(IMPORTS).contentType(CSV).body(body).retrieve().toEntity(String.class);
    }

    private static String detail(ResponseEntity<String> problem) {
        assertThat(problem.getStatusCode().value()).as(problem.getBody()).isEqualTo(400);
        return JSON.readTree(problem.getBody()).get("detail").asString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
