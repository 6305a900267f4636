package dev.crmplatform.sales.product;

import dev.crmplatform.platform.web.paging.Keyset;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code product}; every query filters by tenant (row-level security backs it up). */
@Repository
public class ProductRepository {

    private static final String COLUMNS = """
            p.id, p.sku, p.name, p.description, p.list_price, p.currency, p.active, p.created_at, p.updated_at,
            p.version""";

    private final JdbcClient jdbc;

    public ProductRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID tenant, UUID id, String sku, String name, String description, BigDecimal listPrice,
                String currency, boolean active, String actor) {
        jdbc.sql("""
                        insert into product (id, tenant_id, sku, name, description, list_price, currency, active,
                            created_by, updated_by)
                        values (:id, :tenant, :sku, :name, :description, :price, :currency, :active, :actor, :actor)""")
                .param("id", id).param("tenant", tenant).param("sku", sku).param("name", name)
                .param("description", description).param("price", listPrice).param("currency", currency)
                .param("active", active).param("actor", actor)
                .update();
    }

    public Optional<ProductView> find(UUID tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from product p where p.tenant_id = :tenant and p.id = :id")
                .param("tenant", tenant).param("id", id)
                .query(ProductRepository::map).optional();
    }

    Optional<ProductView> lock(UUID tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from product p where p.tenant_id = :tenant and p.id = :id for update")
                .param("tenant", tenant).param("id", id)
                .query(ProductRepository::map).optional();
    }

    /** The tenant's products among {@code ids}, by id. */
    public Map<UUID, ProductView> findAll(UUID tenant, Collection<UUID> ids) {
        Map<UUID, ProductView> byId = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return byId;
        }
        jdbc.sql("select " + COLUMNS + " from product p where p.tenant_id = :tenant and p.id in (:ids)")
                .param("tenant", tenant).param("ids", List.copyOf(ids))
                .query(ProductRepository::map).list()
                .forEach(p -> byId.put(p.id(), p));
        return byId;
    }

    void update(UUID tenant, UUID id, String name, String description, BigDecimal listPrice, String currency,
                boolean active, String actor) {
        jdbc.sql("""
                        update product set name = :name, description = :description, list_price = :price,
                            currency = :currency, active = :active, updated_at = now(), updated_by = :actor,
                            version = version + 1
                        where tenant_id = :tenant and id = :id""")
                .param("name", name).param("description", description).param("price", listPrice)
                .param("currency", currency).param("active", active).param("actor", actor)
                .param("tenant", tenant).param("id", id)
                .update();
    }

    List<ProductView> list(UUID tenant, String q, Boolean active, Keyset keyset) {
        List<String> where = new ArrayList<>(List.of("p.tenant_id = :tenant"));
        Map<String, Object> params = new LinkedHashMap<>(keyset.params());
        params.put("tenant", tenant);
        if (q != null) {
            where.add("(p.name ilike :q escape '\\' or p.sku ilike :q escape '\\')");
            params.put("q", "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (active != null) {
            where.add("p.active = :active");
            params.put("active", active);
        }
        where.add(keyset.where());
        return jdbc.sql("select " + COLUMNS + " from product p where " + String.join(" and ", where)
                        + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit())
                .params(params)
                .query(ProductRepository::map).list();
    }

    static ProductView map(ResultSet rs, int rowNum) throws SQLException {
        return new ProductView(rs.getObject("id", UUID.class), rs.getString("sku"), rs.getString("name"),
                rs.getString("description"), rs.getBigDecimal("list_price"), rs.getString("currency").strip(),
                rs.getBoolean("active"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class), rs.getLong("version"));
    }
}
