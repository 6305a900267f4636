package dev.crmplatform.sales.product;

import dev.crmplatform.contracts.sales.api.ProductsApi;
import dev.crmplatform.contracts.sales.model.Product;
import dev.crmplatform.contracts.sales.model.ProductCreateRequest;
import dev.crmplatform.contracts.sales.model.ProductPage;
import dev.crmplatform.platform.web.etag.ETags;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
public class ProductsController implements ProductsApi {

    private final ProductService service;

    public ProductsController(ProductService service) {
        this.service = service;
    }

    @Override
    public ResponseEntity<Product> createProduct(ProductCreateRequest request, String idempotencyKey) {
        ProductView product = service.create(request);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/products/" + product.id()))
                .eTag(ETags.of(product.version()))
                .body(toApi(product));
    }

    @Override
    public ResponseEntity<Product> getProduct(UUID id) {
        return ok(service.get(id));
    }

    @Override
    public ResponseEntity<ProductPage> listProducts(Integer limit, String cursor, String sort, String q,
                                                    Boolean active) {
        var page = service.list(q, active, limit, cursor, sort);
        return ResponseEntity.ok(new ProductPage(page.items().stream().map(ProductsController::toApi).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public ResponseEntity<Product> patchProduct(UUID id, JsonNode patch, String ifMatch) {
        return ok(service.patch(id, ETags.requireIfMatch(ifMatch), patch));
    }

    private static ResponseEntity<Product> ok(ProductView product) {
        return ResponseEntity.ok().eTag(ETags.of(product.version())).body(toApi(product));
    }

    static Product toApi(ProductView p) {
        return new Product(p.id(), p.sku(), p.name(), Amounts.money(p.listPrice(), p.currency()), p.currency(),
                p.active(), p.createdAt(), p.updatedAt(), p.version())
                .description(p.description());
    }
}
