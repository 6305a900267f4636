package dev.crmplatform.sales.forecast;

import dev.crmplatform.contracts.sales.model.ForecastGroupBy;
import java.util.Locale;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Binds {@code groupBy=owner|stage} (the spec's lower-case values; Spring's default enum binding would look for
 * the constant names). Anything else fails the conversion, which the platform turns into 400 {@code invalid-value}.
 */
@Component
public class ForecastGroupByConverter implements Converter<String, ForecastGroupBy> {

    @Override
    public ForecastGroupBy convert(String source) {
        return ForecastGroupBy.fromValue(source.strip().toLowerCase(Locale.ROOT));
    }
}
