package dev.crmplatform.customer.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.contracts.customer.model.Address;
import dev.crmplatform.contracts.customer.model.Customer;
import dev.crmplatform.contracts.customer.model.CustomerType;
import dev.crmplatform.contracts.customer.model.Email;
import dev.crmplatform.contracts.customer.model.LifecycleStage;
import dev.crmplatform.contracts.customer.model.NonNegativeMoney;
import dev.crmplatform.contracts.customer.model.Phone;
import dev.crmplatform.customer.customers.CustomerData;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CustomerMergerTest {

    @Test
    void theSurvivorKeepsItsFieldsFillsBlanksAndGetsTheUnionOfContacts() {
        Customer survivor = person("Alice", null)
                .emails(List.of(new Email().address("alice@acme.example").primary(true)))
                .phones(List.of(new Phone().number("+14155550100").primary(true)))
                .addresses(List.of(new Address().line1("Main St. 1").city("Berlin").postalCode("10115").country("DE")))
                .tags(List.of("vip"))
                .customFields(new LinkedHashMap<>(Map.of("tier", "gold", "score", 1)));
        Customer duplicate = person("Alicia", "Smith")
                .emails(List.of(new Email().address("a.smith@mail.example").primary(true),
                        new Email().address("alice@acme.example").primary(false)))
                .phones(List.of(new Phone().number("+14155550199").primary(true),
                        new Phone().number("+14155550100").primary(false)))
                .addresses(List.of(new Address().line1("main st 1").city("BERLIN").postalCode("10115").country("DE"),
                        new Address().line1("Elm Rd 2").city("Hamburg").country("DE")))
                .tags(List.of("newsletter", "vip"))
                .ownerId("owner-7")
                .creditLimit(new NonNegativeMoney().amount("100.00").currency("EUR"))
                .customFields(new LinkedHashMap<>(Map.of("tier", "silver", "source", "fair")));

        CustomerData merged = CustomerMerger.merge(survivor, duplicate);

        assertThat(merged.firstName()).isEqualTo("Alice");
        assertThat(merged.lastName()).isEqualTo("Smith");
        assertThat(merged.lifecycleStage()).isEqualTo("CUSTOMER");
        assertThat(merged.ownerId()).isEqualTo("owner-7");
        assertThat(merged.creditLimit()).isEqualTo(new CustomerData.Money(new BigDecimal("100.00"), "EUR"));
        assertThat(merged.emails()).containsExactly(
                new CustomerData.Email("alice@acme.example", true, null),
                new CustomerData.Email("a.smith@mail.example", false, null));
        assertThat(merged.phones()).containsExactly(
                new CustomerData.Phone("+14155550100", null, true),
                new CustomerData.Phone("+14155550199", null, false));
        assertThat(merged.addresses()).extracting(CustomerData.Address::city).containsExactly("Berlin", "Hamburg");
        assertThat(merged.tags()).containsExactly("vip", "newsletter");
        assertThat(merged.customFields()).isEqualTo(Map.of("tier", "gold", "score", 1, "source", "fair"));
    }

    @Test
    void aSurvivorWithoutEmailsAdoptsTheDuplicatesPrimary() {
        Customer duplicate = person("Bob", null)
                .emails(List.of(new Email().address("b@x.example").primary(false),
                        new Email().address("bob@x.example").primary(true)));
        CustomerData merged = CustomerMerger.merge(person("Bob", null), duplicate);
        assertThat(merged.emails()).extracting(CustomerData.Email::primary).containsExactly(false, true);
    }

    @Test
    void customFieldsStayWithinTheLimitAndTheSurvivorsWin() {
        Map<String, Object> many = new LinkedHashMap<>();
        IntStream.range(0, 50).forEach(i -> many.put("d" + i, i));
        CustomerData merged = CustomerMerger.merge(person("A", null).customFields(new LinkedHashMap<>(Map.of("own", 1))),
                person("B", null).customFields(many));
        assertThat(merged.customFields()).hasSize(CustomerMerger.MAX_CUSTOM_FIELDS).containsEntry("own", 1);
    }

    private static Customer person(String firstName, String lastName) {
        return new Customer().type(CustomerType.PERSON).firstName(firstName).lastName(lastName)
                .lifecycleStage(LifecycleStage.CUSTOMER);
    }
}
