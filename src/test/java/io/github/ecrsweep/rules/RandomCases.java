package io.github.ecrsweep.rules;

import java.util.List;
import java.util.SplittableRandom;

/** The seeded generators of {@link PlanPropertiesTest}, for property tests of other layers. */
public final class RandomCases {

    private RandomCases() {}

    /** A repository of up to 30 images (indexes, referrers, signatures, archived images), drawn from the seed. */
    public static List<Image> repository(SplittableRandom random) {
        return PlanPropertiesTest.repository(random);
    }

    /** A valid policy of 1 to 6 rules, drawn from the seed. */
    public static LifecyclePolicy policy(SplittableRandom random) {
        return PlanPropertiesTest.policy(random);
    }
}
