package io.github.ecrsweep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.e2e.Seed.SeedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Tag;

/**
 * Repository resource tags against the emulator: selection by tag, ecrsweep:skip honoured unless named, the
 * repository's own ecrsweep:older-than and ecrsweep:keep in place of the options, each tag list read once.
 */
@ExtendWith(EcrEmulator.class)
class RepositoryTagsIT {

    @TempDir
    Path home;

    EcrEmulator.Server ecr;

    private final Map<String, SeedImage[]> images = new LinkedHashMap<>();

    @BeforeEach
    void emulator(EcrEmulator.Server server) {
        this.ecr = server;
        Seed seed = new Seed();
        for (String repo : new String[] {"web", "api", "batch", "tools"}) {
            images.put(repo, new SeedImage[] {
                seed.image(repo, repo + "-3d", EndToEndIT.daysAgo(3)),
                seed.image(repo, repo + "-10d", EndToEndIT.daysAgo(10)),
                seed.image(repo, repo + "-tagged", EndToEndIT.daysAgo(30), "v1")
            });
        }
        ecr.seed(seed);
        tag("web", Tag.builder().key("team").value("payments").build());
        tag("api", Tag.builder().key("team").value("payments").build(), skip());
        tag(
                "batch",
                Tag.builder().key("team").value("data").build(),
                Tag.builder().key("ecrsweep:older-than").value("1d").build());
    }

    private static Tag skip() {
        return Tag.builder().key("ecrsweep:skip").value("true").build();
    }

    private void tag(String repository, Tag... tags) {
        try (EcrClient client = ecr.client()) {
            String arn = client.describeRepositories(r -> r.repositoryNames(repository))
                    .repositories()
                    .get(0)
                    .repositoryArn();
            client.tagResource(r -> r.resourceArn(arn).tags(tags));
        }
    }

    private static long calls(String stderr, String operation) {
        Matcher m = Pattern.compile("AWS calls: (.*) \\(").matcher(stderr);
        assertThat(m.find()).as(stderr).isTrue();
        Matcher op = Pattern.compile(operation + " (\\d+)").matcher(m.group(1));
        return op.find() ? Long.parseLong(op.group(1)) : 0;
    }

    @Test
    void selectsByTagAndLeavesASkippedRepositoryUnlessNamed() throws Exception {
        JarProcess.Result run = ecr.ecrsweep(
                home,
                "delete-untagged",
                "--all",
                "--older-than",
                "7d",
                "--repository-tag",
                "team=payments",
                "--yes",
                "--stats",
                "-o",
                "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("tagged ecrsweep:skip=true").contains("api");
        assertThat(ecr.digests("web")).doesNotContain(images.get("web")[1].digest());
        assertThat(ecr.digests("api")).contains(images.get("api")[1].digest());
        assertThat(ecr.digests("batch")).contains(images.get("batch")[1].digest());
        // Each repository's tags read once: for the selection, then from the run's cache for the rest.
        assertThat(calls(run.err(), "ListTagsForResource")).isEqualTo(4);

        JarProcess.Result listed = ecr.ecrsweep(home, "list", "--repository-tag", "team=payments", "-o", "json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        List<String> names = new java.util.ArrayList<>();
        EcrEmulator.json()
                .readTree(listed.out())
                .get("repositories")
                .forEach(r -> names.add(r.get("repositoryName").asText()));
        assertThat(names).containsExactly("api", "web");

        JarProcess.Result named = ecr.ecrsweep(home, "delete-untagged", "-r", "api", "--older-than", "7d", "--yes");
        assertThat(named.exitCode()).as(named.err()).isZero();
        assertThat(ecr.digests("api")).doesNotContain(images.get("api")[1].digest());
    }

    @Test
    void aRepositorysOwnTagsReplaceTheOptionsAndThePlanShowsThem() throws Exception {
        JarProcess.Result plan = ecr.ecrsweep(
                home,
                "delete-untagged",
                "--all",
                "--older-than",
                "7d",
                "--exclude-repository-tag",
                "team=payments",
                "--dry-run",
                "-o",
                "json");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode report = EcrEmulator.json().readTree(plan.out());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        report.get("repositories")
                .forEach(r -> byName.put(r.get("repositoryName").asText(), r));
        assertThat(byName.keySet()).containsExactly("batch", "tools");
        assertThat(byName.get("batch").get("tags").get("ecrsweep:older-than").asText())
                .isEqualTo("1d");
        Map<String, JsonNode> decisions = EcrEmulator.decisions(report);
        // batch's own 1d lets its 3-day-old image go; tools keeps the option's 7d.
        assertThat(decisions).containsKeys(images.get("batch")[0].digest(), images.get("batch")[1].digest());
        assertThat(decisions).containsKey(images.get("tools")[1].digest());
        assertThat(decisions).doesNotContainKey(images.get("tools")[0].digest());

        tag("tools", Tag.builder().key("ecrsweep:keep").value("many").build());
        JarProcess.Result bad = ecr.ecrsweep(home, "delete-untagged", "-r", "tools", "--yes");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("ecrsweep:keep='many' is not a count");
        assertThat(ecr.digests("tools")).contains(images.get("tools")[1].digest());
    }
}
