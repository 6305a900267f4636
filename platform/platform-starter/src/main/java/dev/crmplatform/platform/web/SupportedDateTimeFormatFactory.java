package dev.crmplatform.platform.web;

import java.util.Set;

import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.format.AnnotationFormatterFactory;
import org.springframework.format.Parser;
import org.springframework.format.Printer;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.datetime.standard.Jsr310DateTimeFormatAnnotationFormatterFactory;
import org.springframework.util.StringValueResolver;

/**
 * Spring's {@code @DateTimeFormat} support for {@code java.time}, with values outside years 0001-9999 rejected
 * ({@link UnsupportedDateParameterException}). The OpenAPI generator puts {@code @DateTimeFormat} on every
 * {@code date}/{@code date-time} query and path parameter, so registering this one factory checks all of them;
 * parsing itself stays Spring's.
 */
public final class SupportedDateTimeFormatFactory
        implements AnnotationFormatterFactory<DateTimeFormat>, EmbeddedValueResolverAware {

    private final Jsr310DateTimeFormatAnnotationFormatterFactory standard =
            new Jsr310DateTimeFormatAnnotationFormatterFactory();

    @Override
    public void setEmbeddedValueResolver(StringValueResolver resolver) {
        standard.setEmbeddedValueResolver(resolver);
    }

    @Override
    public Set<Class<?>> getFieldTypes() {
        return standard.getFieldTypes();
    }

    @Override
    public Printer<?> getPrinter(DateTimeFormat annotation, Class<?> fieldType) {
        return standard.getPrinter(annotation, fieldType);
    }

    @Override
    public Parser<?> getParser(DateTimeFormat annotation, Class<?> fieldType) {
        Parser<?> parser = standard.getParser(annotation, fieldType);
        return (text, locale) -> {
            Object value = parser.parse(text, locale);
            String problem = Timestamps.problem(value);
            if (problem != null) {
                throw new UnsupportedDateParameterException(problem);
            }
            return value;
        };
    }
}
