package io.github.ecrsweep.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The rules' candidates found on a second thread are those found on the planning thread, image by image. */
class CandidatesTest {

    /** A repository large enough for a second thread, drawn as the plan properties draw theirs. */
    private static List<Image> large(SplittableRandom random) {
        List<PlanPropertiesTest.ImageSpec> specs = new ArrayList<>();
        for (int i = 0; i < LifecycleEvaluator.PARALLEL_MIN + 500; i++) {
            List<Integer> tags = new ArrayList<>();
            for (int t = random.nextInt(4); t > 0; t--) {
                int tag = random.nextInt(13);
                if (!tags.contains(tag)) {
                    tags.add(tag);
                }
            }
            specs.add(new PlanPropertiesTest.ImageSpec(
                    random.nextInt(400 * 24 * 60 + 1),
                    tags,
                    random.nextInt(10),
                    random.nextInt(-1, 400 * 24 * 60 + 1),
                    random.nextInt(6),
                    List.of(random.nextInt(1001))));
        }
        return PlanPropertiesTest.build(specs);
    }

    @Test
    void candidatesFoundApartAreThoseOfEachRulesSelection() {
        SplittableRandom random = new SplittableRandom(20261207);
        for (int c = 0; c < 5; c++) {
            List<Image> images = large(random);
            LifecyclePolicy policy = RandomCases.policy(random);
            Image[] sorted = ImageGraph.sorted(images);

            boolean[][] apart = Candidates.find(policy, sorted, true).get();

            assertThat(apart).hasDimensions(policy.rules().size(), sorted.length);
            for (int r = 0; r < policy.rules().size(); r++) {
                Selection selection = policy.rules().get(r).selection();
                for (int i = 0; i < sorted.length; i++) {
                    assertThat(apart[r][i])
                            .as("rule %d, image %s", r, sorted[i].digest())
                            .isEqualTo(selection.isCandidate(sorted[i]));
                }
            }
            assertThat(Candidates.find(policy, sorted, false).get()).isDeepEqualTo(apart);
        }
    }
}
