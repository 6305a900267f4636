package dev.crmplatform.customer.customers;

import static dev.crmplatform.customer.customers.CustomerApiIT.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Free-text search through the search terms and the tenant's word dictionary (V6): kept in step by every write path,
 * typo-, prefix-, email- and phone-tolerant, ranked, and paginated without gaps or repeats.
 */
@CrmIntegrationTest
class CustomerSearchIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    TenantClient api;

    @BeforeEach
    void newTenant() {
        api = TenantClient.newTenant(port);
    }

    @Test
    void createAndPatchMaintainTheDictionary() {
        String id = api.createCustomer("""
                {"type":"PERSON","firstName":"Zebedee","lastName":"Quixley",
                 "emails":[{"address":"Zeb.Dee@Unusual.example","primary":true}]}""");

        assertThat(words()).containsExactlyInAnyOrder("zebedee", "quixley", "zeb", "dee", "unusual");
        assertThat(terms(id)).contains("zeb.dee@unusual.example", "quixley");

        Response patched = api.patch("/api/v1/customers/" + id, "{\"lastName\":\"Brandt\"}", "\"1\"");
        assertThat(patched.status()).isEqualTo(200);

        assertThat(words()).contains("brandt").doesNotContain("quixley");
        assertThat(ids(api.get("/api/v1/customers?q=quixley"))).isEmpty();
        assertThat(ids(api.get("/api/v1/customers?q=brandt"))).containsExactly(id);
        assertThat(ids(api.get("/api/v1/customers?q=zebedee brnadt"))).containsExactly(id);
    }

    @Test
    void aMergedDuplicateLeavesTheSearchAndItsOnlyWordsTheDictionary() {
        String survivor = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Ottilie\",\"lastName\":\"Brandauer\"}");
        String duplicate = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Ottilie\",\"lastName\":\"Marlowe\"}");
        assertThat(ids(api.get("/api/v1/customers?q=ottilie"))).containsExactlyInAnyOrder(survivor, duplicate);

        Response merged = api.post("/api/v1/customers/" + survivor + "/merge", "{\"duplicateId\":\"" + duplicate + "\"}");
        assertThat(merged.status()).isEqualTo(200);

        assertThat(ids(api.get("/api/v1/customers?q=ottilie"))).containsExactly(survivor);
        assertThat(ids(api.get("/api/v1/customers?q=marlowe"))).isEmpty();
        assertThat(terms(duplicate)).isEmpty();
        assertThat(words()).contains("ottilie", "brandauer").doesNotContain("marlowe");
    }

    @Test
    void erasureRemovesTheCustomersWordsButKeepsSharedOnes() {
        String erased = api.createCustomer("""
                {"type":"PERSON","firstName":"Rosalind","lastName":"Farquharson",
                 "emails":[{"address":"rosalind@farq.example"}],"phones":[{"number":"+1 415 555 0177"}]}""");
        String other = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Rosalind\",\"lastName\":\"Smith\"}");

        assertThat(api.post("/api/v1/customers/" + erased + "/erasure", null).status()).isEqualTo(200);

        assertThat(terms(erased)).isEmpty();
        assertThat(words()).contains("rosalind", "smith").doesNotContain("farquharson", "farq");
        assertThat(ids(api.get("/api/v1/customers?q=farquharson"))).isEmpty();
        assertThat(ids(api.get("/api/v1/customers?q=farquarson"))).isEmpty();
        assertThat(ids(api.get("/api/v1/customers?q=rosalind@farq"))).isEmpty();
        assertThat(ids(api.get("/api/v1/customers?q=4155550177"))).isEmpty();
        assertThat(ids(api.get("/api/v1/customers?q=rosalind"))).containsExactly(other);
    }

    @Test
    void accentsAreIgnoredOnBothSides() {
        String emile = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Émile\",\"lastName\":\"Müller-Łukasiewicz\"}");
        String plain = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Emilio\",\"lastName\":\"Muller\"}");
        String bakery = api.createCustomer("{\"type\":\"ORGANIZATION\",\"organizationName\":\"Bäckerei Großmann\"}");

        assertThat(words()).contains("emile", "muller", "lukasiewicz", "backerei", "grossmann")
                .doesNotContain("émile", "müller", "łukasiewicz", "bäckerei", "großmann");
        assertThat(ids(api.get("/api/v1/customers?q=emil"))).containsExactlyInAnyOrder(emile, plain);
        assertThat(ids(api.get("/api/v1/customers?q=ÉMILE MÜLLER"))).first().isEqualTo(emile);
        assertThat(ids(api.get("/api/v1/customers?q=Łukasie"))).containsExactly(emile);
        assertThat(ids(api.get("/api/v1/customers?q=lukasiewicz"))).containsExactly(emile);
        assertThat(ids(api.get("/api/v1/customers?q=grossmann"))).containsExactly(bakery);
        assertThat(ids(api.get("/api/v1/customers?q=Großman"))).containsExactly(bakery);
        assertThat(ids(api.get("/api/v1/customers?q=backrei"))).containsExactly(bakery);
    }

    @Test
    void archivedCustomersAreFoundOnlyWhenAskedFor() {
        String id = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Perpetua\",\"lastName\":\"Oakhurst\"}");
        assertThat(api.delete("/api/v1/customers/" + id).status()).isEqualTo(200);

        assertThat(ids(api.get("/api/v1/customers?q=oakhurst"))).isEmpty();
        assertThat(ids(api.get("/api/v1/customers?q=oakhurst&includeArchived=true"))).containsExactly(id);
        assertThat(ids(api.get("/api/v1/customers?q=perpetua oakhurst&includeArchived=true"))).containsExactly(id);
    }

    @Test
    void theImportMaintainsTheDictionary() {
        importAndAwait("""
                type,firstName,lastName,organizationName,email,phone,lifecycleStage,tags
                PERSON,Winifred,,,winnie@bottom.example,,,
                ORGANIZATION,,,Quillfeather Ltd,hello@quill.example,,,
                """);
        assertThat(words()).contains("winifred", "winnie", "bottom", "quillfeather", "ltd");
        assertThat(ids(api.get("/api/v1/customers?q=quilfeather"))).hasSize(1);

        // a matched customer gets its empty last name filled: a new word of an update through the set-based path
        importAndAwait("""
                type,firstName,lastName,organizationName,email,phone,lifecycleStage,tags
                PERSON,Winifred,Bottomley,,winnie@bottom.example,,,
                """);
        assertThat(words()).contains("bottomley");
        List<String> found = ids(api.get("/api/v1/customers?q=winifred bottomly"));
        assertThat(found).hasSize(1);
        assertThat(ids(api.get("/api/v1/customers?q=winnie@bott"))).isEqualTo(found);
    }

    @Test
    void typosPrefixesEmailsAndPhonesAreFoundAndRanked() {
        String janetThomas = api.createCustomer("""
                {"type":"PERSON","firstName":"Janet","lastName":"Thomas",
                 "emails":[{"address":"janet.thomas@mail.example"}],"phones":[{"number":"+1 415 555 0100"}]}""");
        String janetThompson = api.createCustomer("""
                {"type":"PERSON","firstName":"Janet","lastName":"Thompson",
                 "emails":[{"address":"jt@other.example"}]}""");
        String thomasJanssen = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Thomas\",\"lastName\":\"Janssen\"}");
        String bobJones = api.createCustomer("""
                {"type":"PERSON","firstName":"Bob","lastName":"Jones","phones":[{"number":"+44 20 7946 0958"}]}""");
        String jonesy = api.createCustomer("{\"type\":\"ORGANIZATION\",\"organizationName\":\"Jonesy Trading\"}");

        // a typo in the last name: both Janets, the closer spelling first
        assertThat(ids(api.get("/api/v1/customers?q=Janet Thoams"))).containsExactly(janetThomas, janetThompson);
        // a prefix: every Thom..., whichever name holds it
        assertThat(ids(api.get("/api/v1/customers?q=thom")))
                .containsExactlyInAnyOrder(janetThomas, janetThompson, thomasJanssen);
        // the exact word ranks before a word it is a prefix of
        assertThat(ids(api.get("/api/v1/customers?q=jones"))).containsExactly(bobJones, jonesy);
        // email prefixes, and a typo'd address still finds the customer through its words
        assertThat(ids(api.get("/api/v1/customers?q=janet.thom"))).containsExactly(janetThomas);
        assertThat(ids(api.get("/api/v1/customers?q=JT@other"))).containsExactly(janetThompson);
        assertThat(ids(api.get("/api/v1/customers?q=janet.thmoas@mail"))).first().isEqualTo(janetThomas);
        // phone fragments, in any notation
        assertThat(ids(api.get("/api/v1/customers?q=555 0100"))).containsExactly(janetThomas);
        assertThat(ids(api.get("/api/v1/customers?q=79460"))).containsExactly(bobJones);
        assertThat(ids(api.get("/api/v1/customers?q=415-555-01"))).containsExactly(janetThomas);
        // every word must match; unknown words match nothing
        assertThat(ids(api.get("/api/v1/customers?q=janet janssen"))).isEmpty();
        assertThat(ids(api.get("/api/v1/customers?q=xqzv"))).isEmpty();
        // a sort other than relevance orders the same matches
        assertThat(ids(api.get("/api/v1/customers?q=janet&sort=createdAt"))).containsExactly(janetThomas, janetThompson);
    }

    @Test
    void searchResultsPageWithoutGapsOrRepeats() {
        List<String> exact = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            exact.add(api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Ann" + "abcdefg".charAt(i)
                    + "\",\"lastName\":\"Pagewood\",\"lifecycleStage\":\"" + (i % 2 == 0 ? "LEAD" : "CUSTOMER") + "\"}"));
        }
        // both the exact word and a longer one: counted once, under its best word
        exact.add(api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Pagewoods\",\"lastName\":\"Pagewood\"}"));
        List<String> longer = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            longer.add(api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Bea\",\"lastName\":\"Pagewoodson\"}"));
        }
        api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Bea\",\"lastName\":\"Smith\"}");

        List<String> all = pages("/api/v1/customers?q=pagewood", 50);
        assertThat(all).hasSize(10).doesNotHaveDuplicates();
        assertThat(all.subList(0, 6)).containsExactlyInAnyOrderElementsOf(exact);
        assertThat(all.subList(6, 10)).containsExactlyInAnyOrderElementsOf(longer);
        // ties are ordered by id, so a page boundary inside a tie neither skips nor repeats
        for (int size = 1; size <= 4; size++) {
            assertThat(pages("/api/v1/customers?q=pagewood", size)).as("limit " + size).isEqualTo(all);
        }
        // with a filter and with several words
        List<String> leads = pages("/api/v1/customers?q=pagewood&lifecycleStage=LEAD", 50);
        assertThat(leads).hasSizeGreaterThanOrEqualTo(3);
        assertThat(pages("/api/v1/customers?q=pagewood&lifecycleStage=LEAD", 1)).isEqualTo(leads);
        List<String> beas = pages("/api/v1/customers?q=bea pagew", 50);
        assertThat(beas).containsExactlyInAnyOrderElementsOf(longer);
        assertThat(pages("/api/v1/customers?q=bea pagew", 3)).isEqualTo(beas);
        assertThat(pages("/api/v1/customers?q=pagewood&sort=createdAt", 3)).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void phoneFragmentMatchesPageInIdOrder() {
        List<String> matching = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            matching.add(api.createCustomer("{\"type\":\"PERSON\",\"lastName\":\"Dialtone\",\"lifecycleStage\":\""
                    + (i % 2 == 0 ? "LEAD" : "CUSTOMER") + "\",\"phones\":[{\"number\":\"+1 312 555 017" + i + "\"}]}"));
        }
        api.createCustomer("{\"type\":\"PERSON\",\"lastName\":\"Dialtone\",\"phones\":[{\"number\":\"+1 312 555 0280\"}]}");

        List<String> all = pages("/api/v1/customers?q=(312) 555-017", 50);
        // all equally relevant: by id, newest first, the default relevance order's tie-break
        assertThat(all).isEqualTo(matching.reversed());
        for (int size = 1; size <= 3; size++) {
            assertThat(pages("/api/v1/customers?q=312.555.017", size)).as("limit " + size).isEqualTo(all);
        }
        // a suffix, a filter, another sort
        assertThat(pages("/api/v1/customers?q=5550172", 50)).containsExactly(matching.get(2));
        assertThat(pages("/api/v1/customers?q=3125550170&lifecycleStage=LEAD", 1)).containsExactly(matching.getFirst());
        assertThat(pages("/api/v1/customers?q=555017&lifecycleStage=CUSTOMER&sort=createdAt", 1))
                .containsExactly(matching.get(1), matching.get(3));
        // four digits: the last four of a number, else a word
        assertThat(pages("/api/v1/customers?q=0172", 50)).containsExactly(matching.get(2));
        assertThat(pages("/api/v1/customers?q=5550", 50)).isEmpty();
        String studio = api.createCustomer("{\"type\":\"ORGANIZATION\",\"organizationName\":\"Studio 1984\"}");
        assertThat(pages("/api/v1/customers?q=1984", 50)).containsExactly(studio);
    }

    @Test
    void anEmailDomainFindsEveryoneAtIt() {
        List<String> atLanthorn = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            atLanthorn.add(api.createCustomer("{\"type\":\"PERSON\",\"lastName\":\"Emp" + "abc".charAt(i)
                    + "\",\"emails\":[{\"address\":\"person" + i + "@Lanthorn-Works.example\"}]}"));
        }
        api.createCustomer("""
                {"type":"PERSON","lastName":"Outsider","emails":[{"address":"lanthorn-works@other.example"}]}""");

        assertThat(pages("/api/v1/customers?q=lanthorn-works.example", 50)).isEqualTo(atLanthorn.reversed());
        assertThat(pages("/api/v1/customers?q=@LANTHORN-WORKS.EXAMPLE", 2)).isEqualTo(atLanthorn.reversed());
        // an unknown domain falls back to words and email prefixes
        String smithson = api.createCustomer("""
                {"type":"PERSON","firstName":"Ada","lastName":"Smithson","emails":[{"address":"ada.smithson@x.example"}]}""");
        assertThat(pages("/api/v1/customers?q=ada.smithson", 50)).containsExactly(smithson);
    }

    private List<String> pages(String path, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Response page = api.get(path + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            seen.addAll(ids(page));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
        } while (cursor != null && seen.size() < 100);
        return seen;
    }

    private void importAndAwait(String csv) {
        Response accepted = api.exchange(HttpMethod.POST, "/api/v1/customers/imports", csv,
                MediaType.valueOf("text/csv"), Map.of());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String location = accepted.header("Location");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(location).json().get("status").asString().equals("COMPLETED"));
    }

    /** The tenant's dictionary, read as the tenant. */
    private List<String> words() {
        return TenantContext.callAs(api.tenant(), () -> transactions.execute(s ->
                jdbc.sql("select word from customer_search_word").query(String.class).list()));
    }

    /** The customer's postings, read as the tenant. */
    private List<String> terms(String customerId) {
        return TenantContext.callAs(api.tenant(), () -> transactions.execute(s ->
                jdbc.sql("select term from customer_search_term where customer_id = :id")
                        .param("id", UUID.fromString(customerId)).query(String.class).list()));
    }
}
