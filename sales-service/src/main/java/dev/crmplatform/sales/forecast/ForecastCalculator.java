package dev.crmplatform.sales.forecast;

import dev.crmplatform.contracts.sales.model.OpportunityStage;
import dev.crmplatform.sales.forecast.ForecastRepository.Sum;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Turns exact per-(currency, stage, owner) sums into forecast figures. All arithmetic is exact {@link BigDecimal};
 * every figure is rounded once, at the end, HALF_EVEN to 2 decimals. Currencies are never added together.
 *
 * <ul>
 *   <li>pipeline: Σ amount of the open opportunities</li>
 *   <li>weighted: Σ amount × probability / 100 of the open opportunities (probability of the stage)</li>
 *   <li>bestCase: closedWon + pipeline</li>
 *   <li>commit: closedWon + Σ amount of the open opportunities in {@link #COMMIT_STAGE}</li>
 *   <li>closedWon: Σ amount of the opportunities won in the period</li>
 * </ul>
 */
public final class ForecastCalculator {

    public static final OpportunityStage COMMIT_STAGE = OpportunityStage.NEGOTIATION;
    public static final String UNASSIGNED = "unassigned";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private ForecastCalculator() {
    }

    public enum GroupBy { OWNER, STAGE }

    /**
     * @param probability win probability (percent) of a stage
     * @param groupBy     null for totals only
     */
    public static Result calculate(List<Sum> open, List<Sum> closedWon, ToIntFunction<OpportunityStage> probability,
                                   GroupBy groupBy) {
        Map<String, Accumulator> totals = new TreeMap<>();
        Map<String, Map<String, Accumulator>> groups = new TreeMap<>();
        Function<Sum, String> keyOf = groupBy == GroupBy.OWNER
                ? sum -> sum.ownerId() == null ? UNASSIGNED : sum.ownerId()
                : Sum::stage;
        for (Sum sum : open) {
            OpportunityStage stage = stageOf(sum.stage());
            int percent = stage == null ? 0 : probability.applyAsInt(stage);
            for (Accumulator acc : targets(sum, totals, groups, groupBy, keyOf)) {
                acc.openCount += sum.opportunities();
                acc.pipeline = acc.pipeline.add(sum.total());
                acc.weightedTimes100 = acc.weightedTimes100.add(sum.total().multiply(BigDecimal.valueOf(percent)));
                if (stage == COMMIT_STAGE) {
                    acc.commitOpen = acc.commitOpen.add(sum.total());
                }
            }
        }
        for (Sum sum : closedWon) {
            for (Accumulator acc : targets(sum, totals, groups, groupBy, keyOf)) {
                acc.closedWonCount += sum.opportunities();
                acc.closedWon = acc.closedWon.add(sum.total());
            }
        }
        List<Group> groupList = new ArrayList<>();
        groups.forEach((key, byCurrency) -> groupList.add(new Group(key, figures(byCurrency))));
        if (groupBy == GroupBy.STAGE) {
            groupList.sort(Comparator.comparingInt(g -> {
                OpportunityStage stage = stageOf(g.key());
                return stage == null ? Integer.MAX_VALUE : stage.ordinal();
            }));
        }
        return new Result(figures(totals), groupBy == null ? null : groupList);
    }

    private static List<Accumulator> targets(Sum sum, Map<String, Accumulator> totals,
                                             Map<String, Map<String, Accumulator>> groups, GroupBy groupBy,
                                             Function<Sum, String> keyOf) {
        Accumulator total = totals.computeIfAbsent(sum.currency(), c -> new Accumulator());
        if (groupBy == null) {
            return List.of(total);
        }
        Accumulator group = groups.computeIfAbsent(keyOf.apply(sum), k -> new TreeMap<>())
                .computeIfAbsent(sum.currency(), c -> new Accumulator());
        return List.of(total, group);
    }

    private static List<Figures> figures(Map<String, Accumulator> byCurrency) {
        List<Figures> figures = new ArrayList<>();
        byCurrency.forEach((currency, acc) -> figures.add(new Figures(currency, acc.openCount,
                round(acc.pipeline),
                round(acc.weightedTimes100.divide(HUNDRED)),
                round(acc.closedWon.add(acc.pipeline)),
                round(acc.closedWon.add(acc.commitOpen)),
                acc.closedWonCount,
                round(acc.closedWon))));
        return figures;
    }

    static BigDecimal round(BigDecimal exact) {
        return exact.setScale(2, RoundingMode.HALF_EVEN);
    }

    private static OpportunityStage stageOf(String stage) {
        try {
            return OpportunityStage.fromValue(stage);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static final class Accumulator {
        int openCount;
        int closedWonCount;
        BigDecimal pipeline = BigDecimal.ZERO;
        BigDecimal weightedTimes100 = BigDecimal.ZERO;
        BigDecimal commitOpen = BigDecimal.ZERO;
        BigDecimal closedWon = BigDecimal.ZERO;
    }

    /** Figures in one currency, rounded. */
    public record Figures(String currency, int openCount, BigDecimal pipeline, BigDecimal weighted,
                          BigDecimal bestCase, BigDecimal commit, int closedWonCount, BigDecimal closedWon) {
    }

    public record Group(String key, List<Figures> figures) {
    }

    /** @param groups null without grouping */
    public record Result(List<Figures> totals, List<Group> groups) {
    }
}
