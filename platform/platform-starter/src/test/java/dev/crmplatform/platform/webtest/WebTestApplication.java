package dev.crmplatform.platform.webtest;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal service using the platform starter, for the starter's own integration tests. */
@SpringBootApplication
public class WebTestApplication {
}
