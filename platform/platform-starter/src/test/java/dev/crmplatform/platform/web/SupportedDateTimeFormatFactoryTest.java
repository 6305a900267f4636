package dev.crmplatform.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.support.DefaultFormattingConversionService;

/** Query and path parameters as Spring MVC converts them: with the conversion service the platform configures. */
class SupportedDateTimeFormatFactoryTest {

    /** Parameters as the OpenAPI generator declares them. */
    static class Parameters {
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
        LocalDate closeFrom;
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
        OffsetDateTime updatedSince;
    }

    private final DefaultFormattingConversionService conversion = conversionService();

    private static DefaultFormattingConversionService conversionService() {
        // Spring's own formatters first, as in Boot's WebConversionService; ours is added after them and wins.
        DefaultFormattingConversionService service = new DefaultFormattingConversionService();
        service.addFormatterForFieldAnnotation(new SupportedDateTimeFormatFactory());
        return service;
    }

    @Test
    void parsesSupportedValuesAsSpringDoes() {
        assertThat(convert("closeFrom", "0001-01-01")).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(convert("closeFrom", "9999-12-31")).isEqualTo(LocalDate.of(9999, 12, 31));
        assertThat(convert("updatedSince", "2026-01-01T10:00:00+01:00"))
                .isEqualTo(OffsetDateTime.parse("2026-01-01T10:00:00+01:00"));
        assertThat(convert("closeFrom", "")).isNull();
    }

    @Test
    void refusesValuesOutsideTheSupportedYears() {
        String[][] cases = { { "closeFrom", "-5000-01-01" }, { "closeFrom", "+294277-01-01" },
                { "closeFrom", "0000-12-31" }, { "updatedSince", "-5000-01-01T00:00:00Z" },
                { "updatedSince", "+294277-01-01T00:00:00Z" }, { "updatedSince", "+999999999-01-01T00:00:00Z" } };
        for (String[] c : cases) {
            assertThatThrownBy(() -> convert(c[0], c[1])).as(c[1]).isInstanceOf(ConversionFailedException.class)
                    .rootCause().isInstanceOf(UnsupportedDateParameterException.class)
                    .hasMessageStartingWith("must be between 0001-01-01");
        }
    }

    @Test
    void leavesMalformedValuesToSpring() {
        assertThatThrownBy(() -> convert("closeFrom", "2026-13-01")).isInstanceOf(ConversionFailedException.class)
                .rootCause().isNotInstanceOf(UnsupportedDateParameterException.class);
    }

    private Object convert(String field, String text) {
        try {
            return conversion.convert(text, TypeDescriptor.valueOf(String.class),
                    new TypeDescriptor(Parameters.class.getDeclaredField(field)));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
