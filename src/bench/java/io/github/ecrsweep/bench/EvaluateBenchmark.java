package io.github.ecrsweep.bench;

import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.LifecycleEvaluator;
import io.github.ecrsweep.rules.LifecyclePolicy;
import io.github.ecrsweep.rules.MediaTypes;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.PolicyValidator.Validation;
import io.github.ecrsweep.rules.UntaggedSelection;
import io.github.ecrsweep.rules.json.PolicyJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rules core on one large repository: a 10-rule policy, and delete-untagged, over 100,000 images
 * with realistic tags, 20 % untagged and some multi-architecture indexes. Run with
 * {@code mvn -B -q -Pbench test-compile exec:exec} (see docs/BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EvaluateBenchmark {

    static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    static final String POLICY = """
            {"rules": [
              {"rulePriority": 1, "description": "Keep release images forever",
               "selection": {"tagStatus": "tagged", "tagPatternList": ["release-*"], "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 36500},
               "action": {"type": "expire"}},
              {"rulePriority": 2, "description": "Keep the 50 newest prod images",
               "selection": {"tagStatus": "tagged", "tagPatternList": ["prod-*"], "countType": "imageCountMoreThan", "countNumber": 50},
               "action": {"type": "expire"}},
              {"rulePriority": 3, "description": "Keep the 20 newest staging images",
               "selection": {"tagStatus": "tagged", "tagPrefixList": ["staging"], "countType": "imageCountMoreThan", "countNumber": 20},
               "action": {"type": "expire"}},
              {"rulePriority": 4, "description": "Feature branches live 14 days",
               "selection": {"tagStatus": "tagged", "tagPatternList": ["feature-*"], "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14},
               "action": {"type": "expire"}},
              {"rulePriority": 5, "description": "Pull-request builds live 7 days",
               "selection": {"tagStatus": "tagged", "tagPatternList": ["pr-*-*"], "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7},
               "action": {"type": "expire"}},
              {"rulePriority": 6, "description": "Release candidates live 30 days",
               "selection": {"tagStatus": "tagged", "tagPatternList": ["v*-rc*"], "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30},
               "action": {"type": "expire"}},
              {"rulePriority": 7, "description": "Keep 7 nightlies",
               "selection": {"tagStatus": "tagged", "tagPatternList": ["nightly-*"], "countType": "imageCountMoreThan", "countNumber": 7},
               "action": {"type": "expire"}},
              {"rulePriority": 8, "description": "Archive git-sha builds nobody pulled for 60 days",
               "selection": {"tagStatus": "tagged", "tagPatternList": ["sha-*"], "countType": "sinceImagePulled", "countUnit": "days", "countNumber": 60},
               "action": {"type": "transition", "targetStorageClass": "archive"}},
              {"rulePriority": 9, "description": "Untagged images live 3 days",
               "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 3},
               "action": {"type": "expire"}},
              {"rulePriority": 10, "description": "Never more than 20000 images",
               "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 20000},
               "action": {"type": "expire"}}
            ]}
            """;

    @Param("100000")
    int images;

    LifecyclePolicy policy;
    List<Image> repository;
    UntaggedSelection untagged;

    @Setup
    public void setUp() {
        Validation v = PolicyJson.check(POLICY);
        policy = v.policy()
                .orElseThrow(() -> new IllegalStateException(v.problems().toString()));
        repository = repository(images, 42);
        untagged = new UntaggedSelection(Duration.ofDays(14), 10);
    }

    @Benchmark
    public Plan evaluatePolicy() {
        return LifecycleEvaluator.evaluate(policy, repository, NOW);
    }

    @Benchmark
    public Plan planUntaggedDeletion() {
        return untagged.plan(repository, NOW);
    }

    /** A repository of {@code n} images: 80 % tagged across typical schemes, 20 % untagged, 4 % in indexes. */
    static List<Image> repository(int n, long seed) {
        Random random = new Random(seed);
        List<Image> result = new ArrayList<>(n);
        String[] schemes = {"prod-", "staging-", "feature-", "pr-", "release-", "nightly-", "sha-", "v"};
        int i = 0;
        while (i < n) {
            Instant pushed = NOW.minus(Duration.ofMinutes(random.nextInt(365 * 24 * 60)));
            Instant pulled = random.nextInt(3) == 0
                    ? null
                    : pushed.plus(Duration.ofMinutes(random.nextInt(
                            1 + (int) Duration.between(pushed, NOW).toMinutes())));
            long size = 20_000_000L + random.nextInt(200_000_000);
            if (random.nextInt(100) < 2 && i + 3 <= n) {
                // a multi-arch image: a tagged index and two untagged platform children
                Digest amd = digest(random);
                Digest arm = digest(random);
                result.add(Image.builder(digest(random), pushed)
                        .tags(tag(schemes, random, i))
                        .sizeInBytes(size)
                        .manifestMediaType(MediaTypes.OCI_INDEX)
                        .childDigests(List.of(amd, arm))
                        .build());
                result.add(Image.builder(amd, pushed)
                        .sizeInBytes(size)
                        .manifestMediaType(MediaTypes.OCI_MANIFEST)
                        .build());
                result.add(Image.builder(arm, pushed)
                        .sizeInBytes(size - 1_000)
                        .manifestMediaType(MediaTypes.OCI_MANIFEST)
                        .build());
                i += 3;
                continue;
            }
            Image.Builder b = Image.builder(digest(random), pushed)
                    .sizeInBytes(size)
                    .lastRecordedPullTime(pulled)
                    .manifestMediaType(MediaTypes.OCI_MANIFEST);
            if (random.nextInt(100) >= 18) {
                b.tags(
                        random.nextInt(4) == 0
                                ? List.of(tag(schemes, random, i), "latest-" + i)
                                : List.of(tag(schemes, random, i)));
            }
            result.add(b.build());
            i++;
        }
        return result;
    }

    private static String tag(String[] schemes, Random random, int i) {
        String scheme = schemes[random.nextInt(schemes.length)];
        switch (scheme) {
            case "pr-":
                return "pr-" + random.nextInt(5000) + "-" + i;
            case "v":
                return "v" + random.nextInt(10) + "." + random.nextInt(30) + "." + i
                        + (random.nextBoolean() ? "-rc" + random.nextInt(5) : "");
            case "sha-":
                return "sha-" + Integer.toHexString(random.nextInt()) + i;
            default:
                return scheme + i;
        }
    }

    private static Digest digest(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new Digest("sha256", HexFormat.of().formatHex(bytes));
    }
}
