package dev.crmplatform.platform;

import dev.crmplatform.platform.test.TempInfra;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/** The starter's integration tests: one shared context (fresh database, shared in-process broker). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = PlatformTestApplication.class)
@ContextConfiguration(initializers = TempInfra.class)
public @interface PlatformIT {
}
