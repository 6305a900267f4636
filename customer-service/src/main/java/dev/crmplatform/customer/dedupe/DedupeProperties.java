package dev.crmplatform.customer.dedupe;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of duplicate detection.
 *
 * @param freeMailDomains        mail providers anyone can use: sharing one says nothing about two customers
 * @param nameCandidateThreshold pg_trgm similarity a word of the tenant's word dictionary needs to a word of the
 *                               target's name to count as a typo of it when looking for name candidates (0.3 finds
 *                               one-letter typos such as alice/alise, 0.33)
 * @param nameMinSimilarity      name similarity below which no NAME_SIMILARITY reason is given
 * @param candidatesPerSignal    upper bound of candidates fetched per signal (name, email, phone, domain, address),
 *                               so a common name or a big company's domain cannot make one request scan thousands
 */
@ConfigurationProperties("crm.customer.dedupe")
public record DedupeProperties(
        @DefaultValue({"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
                "yahoo.com", "ymail.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com",
                "gmx.de", "gmx.net", "web.de", "t-online.de", "freenet.de", "mail.com", "yandex.ru", "qq.com"})
        List<String> freeMailDomains,
        @DefaultValue("0.3") double nameCandidateThreshold,
        @DefaultValue("0.3") double nameMinSimilarity,
        @DefaultValue("200") int candidatesPerSignal) {

    public Set<String> freeMailDomainSet() {
        return freeMailDomains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
