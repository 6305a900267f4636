package dev.crmplatform.platform;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A service with nothing but the platform starter's auto-configuration, for the starter's own tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PlatformTestApplication {
}
