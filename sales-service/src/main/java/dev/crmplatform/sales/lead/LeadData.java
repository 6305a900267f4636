package dev.crmplatform.sales.lead;

/**
 * The writable, normalised content of a lead (what create takes and a patch changes). Email is lower case, text
 * is trimmed, blank text is null; enum-like members are their names.
 */
public record LeadData(String firstName, String lastName, String email, String phone, String title, String company,
                       Integer companySize, String country, String industry, String source, String campaignId,
                       String notes) {

    LeadScorer.Facts facts() {
        return new LeadScorer.Facts(companySize, industry, title, source);
    }
}
