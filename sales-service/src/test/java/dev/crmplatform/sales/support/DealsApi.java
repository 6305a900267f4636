package dev.crmplatform.sales.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.TenantClient.Response;
import java.util.UUID;

/** Request helpers for opportunities, products, quotes and orders, over {@link TenantClient}. */
public final class DealsApi {

    private DealsApi() {
    }

    public static String money(String amount, String currency) {
        return "{\"amount\":\"" + amount + "\",\"currency\":\"" + currency + "\"}";
    }

    public static String product(TenantClient api, String sku, String price, String currency) {
        Response response = api.post("/api/v1/products", "{\"sku\":\"" + sku + "\",\"name\":\"Product " + sku
                + "\",\"listPrice\":" + money(price, currency) + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    public static Response createOpportunity(TenantClient api, UUID customerId, String amount, String closeDate) {
        return api.post("/api/v1/opportunities", "{\"customerId\":\"" + customerId + "\",\"name\":\"Pro rollout\","
                + "\"amount\":" + money(amount, "EUR") + ",\"expectedCloseDate\":\"" + closeDate
                + "\",\"stage\":\"PROSPECTING\"}");
    }

    public static String opportunity(TenantClient api, UUID customerId, String amount) {
        Response response = createOpportunity(api, customerId, amount, "2026-12-15");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    /** The canonical direct order: {@code quantity} × {@code unitPrice} EUR of one product. */
    public static Response order(TenantClient api, UUID customerId, String productId, int quantity, String unitPrice) {
        return api.post("/api/v1/orders", "{\"customerId\":\"" + customerId + "\",\"lines\":[{\"productId\":\""
                + productId + "\",\"quantity\":" + quantity + ",\"unitPrice\":" + money(unitPrice, "EUR") + "}]}");
    }

    public static String placedOrder(TenantClient api, UUID customerId, String productId, int quantity,
                                     String unitPrice) {
        Response response = order(api, customerId, productId, quantity, unitPrice);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    public static Response pay(TenantClient api, String orderId, String amount, String currency) {
        return api.post("/api/v1/orders/" + orderId + "/payments", "{\"amount\":" + money(amount, currency) + "}");
    }
}
