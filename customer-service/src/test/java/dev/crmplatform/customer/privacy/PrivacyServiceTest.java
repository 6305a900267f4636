package dev.crmplatform.customer.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.contracts.customer.model.RelationshipType;
import org.junit.jupiter.api.Test;

class PrivacyServiceTest {

    @Test
    void storedRelationshipTypesMapToTheApiAndUnknownOnesToOther() {
        assertThat(PrivacyService.relationshipType("EMPLOYEE_OF")).isEqualTo(RelationshipType.EMPLOYEE_OF);
        assertThat(PrivacyService.relationshipType("PARENT_COMPANY_OF")).isEqualTo(RelationshipType.PARENT_COMPANY_OF);
        assertThat(PrivacyService.relationshipType("MENTOR_OF")).isEqualTo(RelationshipType.OTHER);
    }
}
