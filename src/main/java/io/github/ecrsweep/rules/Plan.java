package io.github.ecrsweep.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered decisions for one repository. Images acted on come first, wave by wave (indexes and
 * standalone images before the children they free), oldest first within a wave; kept images follow.
 * A dry run prints a plan; a real run executes the same plan.
 */
public final class Plan {

    private static final Comparator<Decision> ORDER = Comparator.comparing(Decision::isKeep)
            .thenComparingInt(Decision::wave)
            .thenComparing(Decision::image, ImageGraph.NEWEST_FIRST.reversed());

    private final List<Decision> decisions;
    /** How many images were kept because an index's children are unknown; counted before any drop. */
    private final int keptForUnknownChildren;
    /** How many images were kept because they are in use; counted before any drop. */
    private final int keptInUse;

    private final boolean deletesIndexWithUnknownChildren;

    /**
     * How many decisions of each action ({@link DecisionAction#ordinal}), the kept ones a drop removed included:
     * counted once, where a run asks several times (a 100,000-image plan was counted over again for each).
     */
    private final int[] byAction;

    private Plan(List<Decision> decisions) {
        this.decisions = List.copyOf(decisions);
        int unknownChildren = 0;
        int inUse = 0;
        boolean deletesOpaqueIndex = false;
        int[] actions = new int[DecisionAction.values().length];
        for (Decision d : this.decisions) {
            actions[d.action().ordinal()]++;
            if (d.reason() == Reason.INDEX_CHILDREN_UNKNOWN) {
                unknownChildren++;
            } else if (d.reason() == Reason.IN_USE) {
                inUse++;
            }
            deletesOpaqueIndex |=
                    d.action() == DecisionAction.DELETE && d.image().childrenUnknown();
        }
        this.keptForUnknownChildren = unknownChildren;
        this.keptInUse = inUse;
        this.deletesIndexWithUnknownChildren = deletesOpaqueIndex;
        this.byAction = actions;
    }

    private Plan(Plan full, List<Decision> retained) {
        this.decisions = List.copyOf(retained);
        this.keptForUnknownChildren = full.keptForUnknownChildren;
        this.keptInUse = full.keptInUse;
        this.deletesIndexWithUnknownChildren = full.deletesIndexWithUnknownChildren;
        // Only kept decisions are dropped (withoutKept): counted, no longer listed.
        this.byAction = full.byAction;
    }

    /**
     * The same plan without the kept decisions (but those kept as in use), which are only counted: what a fleet run holds per
     * repository, so that its memory follows the changes, not the size of the registry.
     */
    public Plan withoutKept() {
        return new Plan(this, shown());
    }

    /**
     * The decisions a plan shows without --explain: its actions, and the images kept because they are in
     * use, since without the pin they would have gone and the reader should see what protected them, or because
     * the change was refused (an untag that would delete the image with its last tag, or touch an immutable tag).
     */
    public List<Decision> shown() {
        return decisions.stream()
                .filter(d -> !d.isKeep() || REPORTED.contains(d.reason()))
                .toList();
    }

    /** The reasons a kept image is shown for without --explain. */
    private static final java.util.Set<Reason> REPORTED =
            java.util.EnumSet.of(Reason.IN_USE, Reason.LAST_TAG, Reason.TAG_IMMUTABLE);

    /**
     * Whether the plan would change if the children of its indexes were known: it kept images that could
     * be their children, or deletes an index without being able to name the children that go with it.
     */
    public boolean dependsOnUnknownChildren() {
        return keptForUnknownChildren > 0 || deletesIndexWithUnknownChildren;
    }

    /**
     * Whether the plan acts on an index whose children it cannot name. A preview leaves that to ECR (and
     * reading the manifest could count as a pull); {@code expire} and {@code sweep}, which delete and
     * archive, must read it first, since the children go with it.
     */
    public boolean actsOnIndexWithUnknownChildren() {
        return decisions.stream().anyMatch(d -> !d.isKeep() && d.image().childrenUnknown());
    }

    /** How many images the plan kept only because they could be children of an index whose children are unknown. */
    public int keptForUnknownChildren() {
        return keptForUnknownChildren;
    }

    /** How many images the plan kept because a source reports them in use (directly or through the graph). */
    public int keptInUse() {
        return keptInUse;
    }

    /** The actions on images a source reports in use: what a lifecycle preview warns about. */
    public List<Decision> actionsInUse() {
        return decisions.stream().filter(d -> !d.isKeep() && d.isInUse()).toList();
    }

    /** Orders the decisions; there must be exactly one per image. */
    public static Plan of(Collection<Decision> decisions) {
        List<Decision> sorted = new ArrayList<>(decisions);
        sorted.sort(ORDER);
        return new Plan(sorted);
    }

    /** A plan from decisions already in plan order. */
    static Plan ordered(List<Decision> decisions) {
        return new Plan(decisions);
    }

    public List<Decision> decisions() {
        return decisions;
    }

    /** The decisions that change something. */
    public List<Decision> actions() {
        return decisions.stream().filter(d -> !d.isKeep()).toList();
    }

    /** The kept decisions still listed (none after {@link #withoutKept()}, though {@link #count} counts them). */
    public List<Decision> kept() {
        return decisions.stream().filter(Decision::isKeep).toList();
    }

    /** The actions grouped by wave, in the order they must run. */
    public List<List<Decision>> waves() {
        List<List<Decision>> waves = new ArrayList<>();
        for (Decision d : actions()) {
            while (waves.size() <= d.wave()) {
                waves.add(new ArrayList<>());
            }
            waves.get(d.wave()).add(d);
        }
        waves.removeIf(List::isEmpty);
        return waves.stream().map(List::copyOf).toList();
    }

    public Map<DecisionAction, Integer> counts() {
        Map<DecisionAction, Integer> counts = new EnumMap<>(DecisionAction.class);
        for (DecisionAction a : DecisionAction.values()) {
            counts.put(a, byAction[a.ordinal()]);
        }
        return counts;
    }

    public int count(DecisionAction action) {
        return byAction[action.ordinal()];
    }

    /** The bytes the actions of this kind free or move, never counting an index's shared bytes twice. */
    public long bytes(DecisionAction action) {
        return decisions.stream()
                .filter(d -> d.action() == action)
                .mapToLong(Decision::bytes)
                .sum();
    }

    /** The bytes all deletions and expirations free. */
    public long removedBytes() {
        return decisions.stream()
                .filter(d -> d.action().removesImage())
                .mapToLong(Decision::bytes)
                .sum();
    }
}
