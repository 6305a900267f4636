package dev.crmplatform.platform.webtest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record CreateWidget(@NotBlank @Size(max = 50) String name, Widget.Color color, @Min(0) Integer size) {
}
