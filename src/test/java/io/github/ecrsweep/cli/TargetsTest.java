package io.github.ecrsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrsweep.app.Registries;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.registry.RegistryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** One run over several targets (accounts × regions): each on its own, one report, one exit status. */
class TargetsTest {

    private static final Path REGISTRY = Path.of("examples/registry.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ACCOUNTS = List.of("111111111111", "222222222222", "333333333333");

    /** A registry per account and region, each the bundled one; one target cannot be reached. */
    private final Map<String, MemoryRegistry> registries = new ConcurrentHashMap<>();

    private Registries fleet(String unreachable) {
        return target -> {
            io.github.ecrsweep.app.Target s = target;
            String account = s.role() == null ? "123456789012" : s.role().account();
            String key = account + "/" + s.region();
            if (key.equals(unreachable)) {
                throw new RegistryException(
                        RegistryException.Kind.NO_CREDENTIALS,
                        "cannot assume role " + s.role().arn() + " (AccessDenied): check the role's trust policy");
            }
            return registries.computeIfAbsent(key, k -> {
                MemoryRegistry r = MemoryRegistry.of(REGISTRY);
                r.location = new Location(account, s.region());
                return r;
            });
        };
    }

    private static String[] targets(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(
                "--role-name",
                "ecrsweep",
                "--account",
                String.join(",", ACCOUNTS),
                "--region",
                "eu-west-1",
                "--region",
                "us-east-1"));
        return args.toArray(String[]::new);
    }

    @Test
    void sixTargetsAreCleanedInOneRunAndAnUnreachableOneFailsAlone() throws Exception {
        CliRunner.Run r = CliRunner.create()
                .registries(fleet("333333333333/us-east-1"))
                .run(targets("delete-untagged", "--all", "--older-than", "7d", "--yes", "-o", "json"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("kind").asText()).isEqualTo("ecrsweep-fleet-report");
        assertThat(doc.get("targets")).hasSize(6);
        assertThat(doc.get("summary").get("failedTargets").asInt()).isEqualTo(1);
        assertThat(doc.get("summary").get("totals").get("deleted").asInt()).isEqualTo(5 * 12);
        List<String> named = new ArrayList<>();
        for (JsonNode t : doc.get("targets")) {
            named.add(t.get("target").asText());
            if (t.has("report")) {
                assertThat(t.get("exitCode").asInt()).isZero();
                assertThat(t.get("report").get("stage").asText()).isEqualTo("result");
            } else {
                assertThat(t.get("error").asText())
                        .contains("cannot assume role arn:aws:iam::333333333333:role/ecrsweep");
                assertThat(t.get("exitCode").asInt()).isEqualTo(1);
            }
        }
        assertThat(named)
                .contains(
                        "account 111111111111 (eu-west-1)",
                        "account 222222222222 (us-east-1)",
                        "account 333333333333 (us-east-1)");
        assertThat(registries).hasSize(5);
        registries.values().forEach(reg -> assertThat(reg.deletions).isNotEmpty());
        // The document and each target's report validate against the published schemas (the fleet's $ref to the
        // report's is checked target by target, so that no schema is fetched from the network).
        com.networknt.schema.Schema fleetSchema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                        com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                .getSchema(java.nio.file.Files.readString(Path.of("docs/fleet-report.schema.json"))
                        .replace("{\"$ref\": \"report.schema.json\"}", "{\"type\": \"object\"}"));
        com.networknt.schema.Schema reportSchema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                        com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                .getSchema(java.nio.file.Files.readString(Path.of("docs/report.schema.json")));
        assertThat(fleetSchema.validate(doc)).isEmpty();
        for (JsonNode t : doc.get("targets")) {
            if (t.has("report")) {
                assertThat(reportSchema.validate(t.get("report"))).isEmpty();
            }
        }
        assertThat(r.err()).contains("account 333333333333 (us-east-1): cannot assume role");
    }

    @Test
    void theTableNamesEveryTargetAndAPersonAnswersForEachAccountAndRegion() {
        CliRunner runner = CliRunner.create().registries(fleet("none")).terminalAnswering(true);

        CliRunner.Run r = runner.run(targets("delete-untagged", "--all", "--older-than", "7d"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(runner.questions).containsExactly("Do all of the above, in 6 targets?");
        for (String account : ACCOUNTS) {
            assertThat(r.err())
                    .contains("Delete 12 images in 3 repositories of account " + account + " (eu-west-1)?")
                    .contains("Delete 12 images in 3 repositories of account " + account + " (us-east-1)?");
        }
        registries.values().forEach(reg -> assertThat(reg.deletions).isNotEmpty());
        for (String account : ACCOUNTS) {
            assertThat(r.out())
                    .contains("in account " + account + " (eu-west-1)")
                    .contains("in account " + account + " (us-east-1)");
        }
        assertThat(r.out()).contains("Targets: 6, 6 fine; in all: 24 repositories, delete 72, archive 0, deleted 72.");
    }

    @Test
    void theQuestionNamesTheTargetsThatCouldNotBePlanned() {
        CliRunner runner =
                CliRunner.create().registries(fleet("333333333333/us-east-1")).terminalAnswering(true);

        CliRunner.Run r = runner.run(targets("delete-untagged", "--all", "--older-than", "7d"));

        assertThat(runner.questions).containsExactly("Do all of the above, in 5 targets?");
        assertThat(r.err())
                .contains("account 333333333333 (us-east-1): cannot assume role")
                .contains("(not planned: nothing will be done there)");
        assertThat(r.exitCode()).isEqualTo(3);
    }

    @Test
    void aFleetDryRunSaysWhatItsExitThreeMeans() {
        CliRunner.Run r = CliRunner.create()
                .registries(fleet("333333333333/us-east-1"))
                .run(targets("delete-untagged", "--all", "--dry-run"));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).contains("Exit 3: some targets were planned and some failed; a dry run changes nothing.");
    }

    @Test
    void aNamedRepositoryMissingInSomeTargetsIsAWarningOnADryRunAndAFailureOtherwise() {
        MemoryRegistry without = MemoryRegistry.of(REGISTRY);
        without.location = new Location("222222222222", "us-east-1");
        without.images.remove("platform/web");
        registries.put("222222222222/us-east-1", without);

        CliRunner.Run dry = CliRunner.create()
                .registries(fleet("none"))
                .run(targets("delete-untagged", "-r", "platform/web", "--dry-run"));
        CliRunner.Run real = CliRunner.create()
                .registries(fleet("none"))
                .run(targets("delete-untagged", "-r", "platform/web", "--yes"));

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.err())
                .contains("warning: account 222222222222 (us-east-1): repository 'platform/web' not found")
                .contains("the dry run plans the others")
                .doesNotContain("has no repositories");
        assertThat(real.exitCode()).isEqualTo(3);
        assertThat(real.err()).contains("account 222222222222 (us-east-1): repository 'platform/web' not found");
    }

    @Test
    void aCapOverAllTargetsRefusesTheWholeRunBeforeAnyTargetChangesAnything() {
        CliRunner.Run over = CliRunner.create()
                .registries(fleet("none"))
                .run(targets("delete-untagged", "--all", "--older-than", "7d", "--max-delete-total", "50", "--yes"));
        CliRunner.Run dry = CliRunner.create()
                .registries(fleet("none"))
                .run(targets(
                        "delete-untagged", "--all", "--older-than", "7d", "--max-delete-total", "50", "--dry-run"));
        int deletedAfterRefusals =
                registries.values().stream().mapToInt(r -> r.deletions.size()).sum();
        CliRunner.Run under = CliRunner.create()
                .registries(fleet("none"))
                .run(targets("delete-untagged", "--all", "--older-than", "7d", "--max-delete-total", "72", "--yes"));

        assertThat(over.exitCode()).isEqualTo(1);
        assertThat(over.err())
                .contains("the run deletes or expires 72 images in all its targets, more than --max-delete-total 50");
        assertThat(deletedAfterRefusals).as("no target changed anything").isZero();
        assertThat(dry.exitCode()).isEqualTo(1);
        assertThat(dry.err()).contains("a real run would refuse this plan: the run deletes or expires 72 images");
        assertThat(under.exitCode()).as(under.err()).isZero();
        assertThat(registries.values()).allSatisfy(r -> assertThat(r.deletions).isNotEmpty());
    }

    @Test
    void maxDeleteSaysItCountsPerTarget() {
        CliRunner.Run r = CliRunner.create()
                .registries(fleet("none"))
                .run(targets("delete-untagged", "--all", "--older-than", "7d", "--max-delete", "5", "--dry-run"));

        assertThat(r.err()).contains("more than --max-delete 5 (counted per target)");
    }

    @Test
    void aFleetPlanMadeOnceIsAppliedInShardsWithEveryGuard(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path plan = dir.resolve("fleet-plan.json");
        CliRunner.Run planned = CliRunner.create()
                .registries(fleet("none"))
                .run(targets("delete-untagged", "--all", "--older-than", "7d", "--dry-run", "--out", plan.toString()));
        assertThat(planned.exitCode()).as(planned.err()).isZero();
        Matcher sha = java.util.regex.Pattern.compile("SHA-256 ([0-9a-f]{64})").matcher(planned.out());
        assertThat(sha.find()).as(planned.out()).isTrue();
        assertThat(registries.values()).allSatisfy(r -> assertThat(r.deletions).isEmpty());

        CliRunner.Run capped = CliRunner.create()
                .registries(fleet("none"))
                .run("apply", plan.toString(), "--max-delete-total", "40", "--yes", "--shard", "0/2");
        CliRunner.Run tampered = CliRunner.create()
                .registries(fleet("none"))
                .run("apply", plan.toString(), "--expect-sha256", "0".repeat(64), "--yes");
        assertThat(capped.exitCode()).isEqualTo(1);
        assertThat(capped.err())
                .contains("it deletes or expires 72 images in all its targets, more than" + " --max-delete-total 40");
        assertThat(tampered.exitCode()).isEqualTo(2);
        assertThat(registries.values()).allSatisfy(r -> assertThat(r.deletions).isEmpty());

        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2; i++) {
            CliRunner.Run shard = CliRunner.create()
                    .registries(fleet("none"))
                    .run(
                            "apply",
                            plan.toString(),
                            "--expect-sha256",
                            sha.group(1),
                            "--shard",
                            i + "/2",
                            "--yes",
                            "-o",
                            "json");
            assertThat(shard.exitCode()).as(shard.err()).isZero();
            JsonNode doc = JSON.readTree(shard.out());
            List<JsonNode> reports = new ArrayList<>();
            if (doc.has("targets")) {
                doc.get("targets").forEach(t -> reports.add(t.get("report")));
            } else {
                reports.add(doc);
            }
            for (JsonNode report : reports) {
                for (JsonNode repo : report.get("repositories")) {
                    assertThat(seen.add(report.get("account").asText() + "/"
                                    + report.get("region").asText() + "/"
                                    + repo.get("repositoryName").asText()))
                            .as("in one shard only")
                            .isTrue();
                }
            }
        }
        int deleted = registries.values().stream()
                .flatMap(r -> r.deletions.stream())
                .mapToInt(d -> d.getValue().size())
                .sum();
        assertThat(deleted).as("the two shards did the whole plan").isEqualTo(72);
    }

    @Test
    void aPersonWhoDeclinesChangesNothingInAnyTarget() {
        CliRunner runner =
                CliRunner.create().registries(fleet("333333333333/us-east-1")).terminalAnswering(false);

        CliRunner.Run r = runner.run(targets("delete-untagged", "--all", "--older-than", "7d"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(runner.questions).containsExactly("Do all of the above, in 5 targets?");
        registries.values().forEach(reg -> assertThat(reg.deletions).isEmpty());
        assertThat(r.err()).contains("account 111111111111 (eu-west-1): declined: nothing was changed");
    }

    @Test
    void aDryRunOverTargetsTellsWhetherItsPlanChangesAnything() {
        CliRunner.Run plain =
                CliRunner.create().registries(fleet("none")).run(targets("delete-untagged", "--all", "--dry-run"));
        CliRunner.Run detailed = CliRunner.create()
                .registries(fleet("none"))
                .run(targets("delete-untagged", "--all", "--dry-run", "--detailed-exitcode", "-o", "csv"));

        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(detailed.exitCode()).as(detailed.err()).isEqualTo(4);
        assertThat(detailed.out().lines().findFirst().orElseThrow()).startsWith("account,region,repositoryName,");
        assertThat(detailed.out()).contains("333333333333,us-east-1,platform/web,");
    }

    @Test
    void targetsAreCheckedBeforeAnyCall() {
        Map<String[], String> wrong = Map.of(
                new String[] {"delete-untagged", "--all", "--role-name", "x"},
                "Missing required argument(s): (--account=ID",
                new String[] {"delete-untagged", "--all", "--role-name", "x", "--account", "12345"},
                "'12345' is not an account id (12 digits)",
                new String[] {"delete-untagged", "--all", "--role-arn", "arn:aws:iam::1:user/x"},
                "is not a role ARN",
                new String[] {"get-policy", "-r", "web", "--text", "--region", "eu-west-1", "--region", "us-east-1"},
                "this reads one account and region; the options name 2",
                new String[] {"delete-untagged", "--all", "--external-id", "x"},
                "Missing required argument(s): (--role-arn=ARN",
                new String[] {"delete-untagged", "--all", "--org-unit", "ou-abcd-12345678"},
                "Missing required argument(s): --org-accounts",
                new String[] {
                    "delete-untagged", "--all", "--org-accounts", "--role-name", "x", "--account", "111111111111"
                },
                "--account=ID and (--org-accounts",
                new String[] {"delete-untagged", "--all", "--org-accounts", "--role-name", "x", "--org-unit", "team-a"},
                "'team-a' is not an organizational unit");
        wrong.forEach((args, message) -> {
            CliRunner.Run r = CliRunner.create().registries(fleet("none")).run(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(message);
        });
        assertThat(registries).as("nothing was opened").isEmpty();
    }

    @Test
    void shardsOfARunOverTargetsMergeIntoThatRun(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String[] plan = targets("delete-untagged", "--all", "--dry-run", "--detailed-exitcode", "-o", "json");
        CliRunner.Run whole =
                CliRunner.create().registries(fleet("333333333333/us-east-1")).run(plan);
        List<String> merge = new ArrayList<>(List.of("report", "merge", "--detailed-exitcode", "-o", "json"));
        for (int i = 0; i < 3; i++) {
            List<String> args = new ArrayList<>(List.of(plan));
            args.addAll(List.of("--shard", i + "/3"));
            Path report = dir.resolve("shard-" + i + ".json");
            java.nio.file.Files.writeString(
                    report,
                    CliRunner.create()
                            .registries(fleet("333333333333/us-east-1"))
                            .run(args.toArray(String[]::new))
                            .out());
            merge.add(report.toString());
        }

        CliRunner.Run merged = CliRunner.create().run(merge.toArray(String[]::new));

        assertThat(whole.exitCode()).as(whole.err()).isEqualTo(3);
        assertThat(merged.exitCode()).as(merged.err()).isEqualTo(whole.exitCode());
        assertThat(JSON.readTree(merged.out())).isEqualTo(JSON.readTree(whole.out()));
    }

    @Test
    void aTargetsFileNamesTheFleet() throws Exception {
        CliRunner.Run r = CliRunner.create()
                .registries(fleet("none"))
                .run("delete-untagged", "--all", "--dry-run", "-o", "json", "--targets", "examples/fleet/targets.yaml");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> named = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        JSON.readTree(r.out()).get("targets").forEach(t -> {
            named.add(t.get("target").asText());
            roles.add(t.get("roleArn").asText());
        });
        assertThat(named)
                .containsExactlyInAnyOrder(
                        "account 111111111111 (eu-west-1)",
                        "account 111111111111 (us-east-1)",
                        "account 222222222222 (eu-west-1)",
                        "account 222222222222 (us-east-1)",
                        "account 333333333333 (eu-central-1)",
                        "account 444444444444 (ap-southeast-2)");
        assertThat(roles)
                .contains("arn:aws:iam::444444444444:role/ecr-cleaner", "arn:aws:iam::111111111111:role/ecrsweep");
    }

    @Test
    void aRoleIsNamedInThePartitionOfItsRegion(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("targets.yaml");
        java.nio.file.Files.writeString(
                file,
                "kind: ecrsweep-targets\nversion: 1\ndefaults: {roleName: ecrsweep}\ntargets:\n"
                        + "  - {account: '111111111111', regions: [cn-north-1]}\n"
                        + "  - {account: '111111111111', regions: [us-gov-west-1]}\n");
        CliRunner.Run options = CliRunner.create()
                .registries(fleet("none"))
                .run(targets("delete-untagged", "--all", "--dry-run", "-o", "json", "--region", "cn-northwest-1"));
        CliRunner.Run listed = CliRunner.create()
                .registries(fleet("none"))
                .run("delete-untagged", "--all", "--dry-run", "-o", "json", "--targets", file.toString());

        List<String> roles = new ArrayList<>();
        JSON.readTree(options.out())
                .get("targets")
                .forEach(t -> roles.add(
                        t.get("region").asText() + " " + t.get("roleArn").asText()));
        JSON.readTree(listed.out())
                .get("targets")
                .forEach(t -> roles.add(
                        t.get("region").asText() + " " + t.get("roleArn").asText()));
        assertThat(roles)
                .contains(
                        "eu-west-1 arn:aws:iam::111111111111:role/ecrsweep",
                        "cn-northwest-1 arn:aws-cn:iam::222222222222:role/ecrsweep",
                        "cn-north-1 arn:aws-cn:iam::111111111111:role/ecrsweep",
                        "us-gov-west-1 arn:aws-us-gov:iam::111111111111:role/ecrsweep");
    }

    @Test
    void aTargetNamedTwiceIsRefusedBeforeAnyCall(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("targets.yaml");
        java.nio.file.Files.writeString(
                file,
                "kind: ecrsweep-targets\nversion: 1\ndefaults: {roleName: ecrsweep, regions: [eu-west-1]}\n"
                        + "targets:\n  - account: '111111111111'\n"
                        + "  - roleArn: arn:aws:iam::111111111111:role/other\n");
        CliRunner.Run listed = CliRunner.create()
                .registries(fleet("none"))
                .run("delete-untagged", "--all", "--dry-run", "--targets", file.toString());
        CliRunner.Run options = CliRunner.create()
                .registries(fleet("none"))
                .run(
                        "delete-untagged",
                        "--all",
                        "--dry-run",
                        "--role-arn",
                        "arn:aws:iam::111111111111:role/a",
                        "--role-arn",
                        "arn:aws:iam::111111111111:role/b",
                        "--region",
                        "eu-west-1");

        for (CliRunner.Run r : List.of(listed, options)) {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("the targets name account 111111111111 (eu-west-1) twice");
        }
        assertThat(registries).isEmpty();
    }

    @Test
    void anInvalidTargetsFileIsOneLocatedLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("targets.yaml");
        java.nio.file.Files.writeString(file, """
                kind: ecrsweep-targets
                version: 1
                targets:
                  - account: 111111111111
                  - account: "222222222222"
                  - roleArn: arn:aws:iam::3:role/x
                """);

        CliRunner.Run r = CliRunner.create()
                .registries(fleet("none"))
                .run("delete-untagged", "--all", "--dry-run", "--targets", file.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err())
                .contains("invalid targets file '" + file
                        + "': targets[0].account (line 4, column 5): write account ids" + " in quotes")
                .contains("targets[1] (line 5, column 5): an account needs the role to assume there")
                .contains("targets[2].roleArn (line 6, column 5): is not a role ARN");
        assertThat(registries).isEmpty();
    }

    @Test
    void aReviewedPlanIsAppliedInTheOneTargetItNames(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path plan = dir.resolve("plan.json");
        CliRunner.Run planned = CliRunner.create()
                .registries(fleet("none"))
                .run("delete-untagged", "--all", "--dry-run", "--out", plan.toString());

        CliRunner.Run r = CliRunner.create()
                .registries(fleet("none"))
                .run("apply", plan.toString(), "--region", "eu-west-1", "--region", "us-east-1", "--yes");

        assertThat(planned.exitCode()).as(planned.err()).isZero();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("this command acts on one account and region");
    }

    @Test
    void listReadsEveryTargetAndSaysWhichOneFailed() throws Exception {
        CliRunner.Run json =
                CliRunner.create().registries(fleet("333333333333/us-east-1")).run(targets("list", "-o", "json"));
        CliRunner.Run table =
                CliRunner.create().registries(fleet("333333333333/us-east-1")).run(targets("list"));

        assertThat(json.exitCode()).as(json.err()).isEqualTo(1);
        JsonNode doc = JSON.readTree(json.out());
        assertThat(doc.get("kind").asText()).isEqualTo("ecrsweep-targets");
        assertThat(doc.get("targets")).hasSize(6);
        assertThat(doc.get("summary").get("failedTargets").asInt()).isEqualTo(1);
        com.networknt.schema.Schema targetsSchema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                        com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                .getSchema(java.nio.file.Files.readString(Path.of("docs/targets.schema.json")));
        com.networknt.schema.Schema listSchema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                        com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                .getSchema(java.nio.file.Files.readString(Path.of("docs/list.schema.json")));
        assertThat(targetsSchema.validate(doc)).isEmpty();
        for (JsonNode t : doc.get("targets")) {
            if (t.get("error").isNull()) {
                assertThat(listSchema.validate(t.get("document"))).isEmpty();
                assertThat(t.get("document").get("repositories")).hasSize(4);
                assertThat(t.get("document").get("account").asText())
                        .isEqualTo(t.get("account").asText());
            } else {
                assertThat(t.get("target").asText()).isEqualTo("account 333333333333 (us-east-1)");
                assertThat(t.get("document").isNull()).isTrue();
            }
        }
        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.out())
                .contains("account 111111111111 (eu-west-1)")
                .contains("account 222222222222 (us-east-1)")
                .contains("account 333333333333 (us-east-1): failed: cannot assume role")
                .contains("Targets: 6, 5 read, 1 failed (account 333333333333 (us-east-1)).");
    }

    @Test
    void getPolicyAcrossRegionsIsOneCsvWithTheAccountAndRegionOnEveryRow() {
        CliRunner.Run r = CliRunner.create()
                .registries(fleet(null))
                .run("get-policy", "--region", "eu-west-1,us-east-1", "-o", "csv");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("account,region,repositoryName,");
        assertThat(lines.stream().filter(l -> l.startsWith("account,"))).hasSize(1);
        assertThat(lines.subList(1, lines.size()))
                .hasSize(8)
                .allSatisfy(l -> assertThat(l).matches("123456789012,(eu-west-1|us-east-1),.*"));
    }

    @Test
    void aScanOverRegionsReadsEachFileOnce() throws Exception {
        CliRunner.Run r = CliRunner.create()
                .registries(fleet(null))
                .run(
                        "scan-in-use",
                        "--pin-file",
                        "examples/in-use/pins.txt",
                        "--region",
                        "eu-west-1",
                        "--region",
                        "us-east-1",
                        "-o",
                        "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("kind").asText()).isEqualTo("ecrsweep-in-use");
        assertThat(doc.get("sources")).hasSize(1);
        assertThat(doc.get("sources").get(0).get("kind").asText()).isEqualTo("pin-file");
    }
}
