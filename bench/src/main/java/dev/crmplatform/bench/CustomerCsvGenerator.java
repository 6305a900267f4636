package dev.crmplatform.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic customer CSV in the import format: realistic names, emails in several spellings of case and phones
 * in several US notations, about 2% rows repeating an earlier row's email or phone, about 0.5% invalid rows, and a
 * share of rows whose email or phone belongs to an already existing (seeded) customer.
 */
final class CustomerCsvGenerator {

    static final String HEADER = "type,firstName,lastName,organizationName,email,phone,lifecycleStage,tags";

    private static final String[] FIRST = {"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael",
            "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
            "Sarah", "Charles", "Karen", "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony",
            "Margaret", "Mark", "Sandra", "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna",
            "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Dorothy", "George", "Melissa",
            "Timothy", "Deborah", "Ronald", "Stephanie", "Edward", "Rebecca", "Jason", "Sharon", "Jeffrey", "Laura",
            "Ryan", "Cynthia", "Jacob", "Kathleen", "Gary", "Amy", "Nicholas", "Angela", "Eric", "Shirley", "Jonathan",
            "Anna", "Stephen", "Brenda", "Larry", "Pamela", "Justin", "Emma", "Scott", "Nicole", "Brandon", "Helen",
            "Benjamin", "Samantha", "Samuel", "Katherine", "Gregory", "Christine", "Alexander", "Debra", "Frank",
            "Rachel", "Patrick", "Carolyn", "Raymond", "Janet", "Jack", "Catherine", "Dennis", "Maria", "Jerry",
            "Heather", "Tyler", "Diane", "Aaron", "Ruth", "Jose", "Julie", "Adam", "Olivia", "Nathan", "Joyce",
            "Henry", "Virginia", "Zoe", "Lukas", "Sofia", "Mateo", "Chloé", "Björn", "Ana", "Mehmet", "Yuki", "Priya"};
    private static final String[] LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
            "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas",
            "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
            "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen",
            "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
            "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
            "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
            "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson",
            "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez",
            "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Müller", "Schmidt",
            "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "O'Brien", "Dubois"};
    private static final String[] ORG_WORDS = {"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka",
            "Soylent", "Hooli", "Vandelay", "Cyberdyne", "Tyrell", "Massive", "Dynamic", "Northwind", "Contoso",
            "Fabrikam", "Litware", "Adventure", "Blue Yonder", "Proseware", "Woodgrove", "Tailspin", "Lucerne"};
    private static final String[] ORG_SUFFIX = {"GmbH", "Inc", "LLC", "Ltd", "AG", "Corp", "SA", "BV", "Group"};
    private static final String[] DOMAINS = {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com",
            "proton.me", "gmx.de", "web.de", "example.com", "mail.com", "aol.com", "fastmail.com"};
    private static final String[] STAGES = {"SUBSCRIBER", "LEAD", "PROSPECT", "CUSTOMER", "DORMANT", "CHURNED"};
    private static final String[] TAGS = {"vip", "newsletter", "trade-show", "partner", "b2b", "b2c", "webinar",
            "referral", "eu", "us", "apac", "churn-risk", "beta"};
    private static final int[] AREA_CODES = {201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216,
            217, 218, 219, 224, 225, 228, 229, 231, 234, 239, 240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269,
            270, 276, 281, 301, 302, 303, 304, 305, 307, 308, 309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320,
            321, 323, 330, 334, 336, 337, 339, 347, 351, 352, 360, 361, 386, 401, 402, 404, 405, 406, 407, 408, 409,
            410, 412, 413, 414, 415, 417, 419, 423, 425, 430, 432, 434, 435, 440, 443, 469, 478, 479, 480, 484, 501,
            502, 503, 504, 505, 507, 508, 509, 510, 512, 513, 515, 516, 517, 518, 520, 530, 540, 541, 551, 559, 561,
            562, 563, 567, 570, 571, 573, 574, 575, 580, 585, 586, 601, 602, 603, 605, 606, 607, 608, 609, 610, 612,
            614, 615, 616, 617, 618, 619, 620, 623, 626, 630, 631, 636, 641, 646, 650, 651, 660, 661, 662, 678, 682,
            701, 702, 703, 704, 706, 707, 708, 712, 713, 714, 715, 716, 717, 718, 719, 720, 724, 727, 731, 732, 734,
            740, 754, 757, 760, 763, 765, 770, 772, 773, 774, 775, 779, 781, 785, 786, 801, 802, 803, 804, 805, 806,
            810, 812, 813, 814, 815, 816, 817, 818, 828, 830, 831, 832, 843, 845, 847, 848, 850, 856, 857, 858, 859,
            860, 862, 863, 864, 865, 870, 872, 901, 903, 904, 906, 908, 909, 910, 912, 913, 914, 915, 916, 917, 918,
            919, 920, 925, 928, 931, 936, 937, 940, 941, 947, 949, 951, 952, 954, 956, 970, 971, 972, 973, 978, 979,
            980, 985, 989};

    /** What a generated file holds, for the report. */
    record Stats(long rows, long duplicates, long invalid, long matchingExisting) {
    }

    private CustomerCsvGenerator() {
    }

    /**
     * Writes {@code rows} data rows. People and organisations of index {@code firstIndex + i} are unique by email and
     * phone; {@code existing} (may be 0) is the number of already imported seed customers (indexes 0..existing-1)
     * that rows may hit on purpose.
     */
    static Stats write(Path file, long seed, long firstIndex, long rows, long existing) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<String[]> recent = new ArrayList<>();
        long duplicates = 0;
        long invalid = 0;
        long matching = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (long i = 0; i < rows; i++) {
                double dice = random.nextDouble();
                String[] row;
                if (dice < 0.02 && !recent.isEmpty()) {
                    // a repeat of an earlier row of this file, by email or by phone, with other details changed
                    String[] earlier = recent.get(random.nextInt(recent.size()));
                    row = customer(firstIndex + i);
                    if (earlier[4] != null && (earlier[5] == null || random.nextBoolean())) {
                        row[4] = earlier[4].toUpperCase(Locale.ROOT);
                    } else {
                        row[5] = earlier[5];
                        row[4] = null;
                    }
                    duplicates++;
                } else if (dice < 0.025) {
                    row = customer(firstIndex + i);
                    switch (random.nextInt(4)) {
                        case 0 -> row[4] = "not-an-email@";
                        case 1 -> row[5] = "12";
                        case 2 -> row[0] = "ROBOT";
                        default -> row[6] = "VIP";
                    }
                    invalid++;
                } else if (dice < 0.075 && existing > 0) {
                    // the email or phone of an existing customer: an update with new details
                    long target = random.nextLong(existing);
                    String[] seedRow = customer(target);
                    row = customer(firstIndex + i);
                    // same kind and names as the existing customer, other stage and tags
                    System.arraycopy(seedRow, 0, row, 0, 4);
                    row[4] = seedRow[4];
                    row[5] = seedRow[4] == null ? seedRow[5] : row[5];
                    matching++;
                } else {
                    row = customer(firstIndex + i);
                }
                if (recent.size() < 50_000) {
                    recent.add(row);
                } else if (random.nextInt(20) == 0) {
                    recent.set(random.nextInt(recent.size()), row);
                }
                writeRow(out, row);
            }
        }
        return new Stats(rows, duplicates, invalid, matching);
    }

    /** The customer of one index: the same index always gives the same email and phone. */
    static String[] customer(long index) {
        SplittableRandom random = new SplittableRandom(index * 0x9E3779B97F4A7C15L + 7);
        String[] row = new String[8];
        boolean organisation = random.nextInt(10) == 0;
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        if (organisation) {
            row[0] = "ORGANIZATION";
            row[3] = ORG_WORDS[random.nextInt(ORG_WORDS.length)] + " " + last + " " + ORG_SUFFIX[random.nextInt(ORG_SUFFIX.length)];
        } else {
            row[0] = "PERSON";
            row[1] = first;
            row[2] = last;
        }
        String local = organisation ? "info." + index : ascii(first) + "." + ascii(last) + "." + index;
        String domain = DOMAINS[(int) (index % DOMAINS.length)];
        boolean hasEmail = random.nextInt(10) != 0;
        boolean hasPhone = !hasEmail || random.nextInt(10) < 6;
        if (hasEmail) {
            String email = local + "@" + domain;
            row[4] = random.nextInt(4) == 0 ? capitalise(email) : email;
        }
        if (hasPhone) {
            row[5] = phone(index, random.nextInt(4));
        }
        row[6] = random.nextInt(3) == 0 ? null : STAGES[random.nextInt(STAGES.length)];
        int tags = random.nextInt(4);
        StringBuilder tagList = new StringBuilder();
        for (int t = 0; t < tags; t++) {
            if (!tagList.isEmpty()) {
                tagList.append('|');
            }
            tagList.append(TAGS[random.nextInt(TAGS.length)]);
        }
        row[7] = tagList.isEmpty() ? null : tagList.toString();
        return row;
    }

    /** A valid US number unique per index, in one of four notations. */
    static String phone(long index, int notation) {
        int area = AREA_CODES[(int) (index % AREA_CODES.length)];
        long n = index / AREA_CODES.length;
        int exchange = 200 + (int) (n / 10_000 % 800);
        if (exchange % 100 == 11) {
            exchange++;
        }
        int line = (int) (n % 10_000);
        String l = String.format(Locale.ROOT, "%04d", line);
        return switch (notation) {
            case 0 -> "+1 " + area + " " + exchange + " " + l;
            case 1 -> "(" + area + ") " + exchange + "-" + l;
            case 2 -> area + "." + exchange + "." + l;
            default -> "+1" + area + exchange + l;
        };
    }

    private static void writeRow(BufferedWriter out, String[] row) throws IOException {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String v = row[i];
            if (v != null) {
                if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0) {
                    out.write('"');
                    out.write(v.replace("\"", "\"\""));
                    out.write('"');
                } else {
                    out.write(v);
                }
            }
        }
        out.write('\n');
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
                .replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
    }

    private static String capitalise(String email) {
        return Character.toUpperCase(email.charAt(0)) + email.substring(1);
    }
}
