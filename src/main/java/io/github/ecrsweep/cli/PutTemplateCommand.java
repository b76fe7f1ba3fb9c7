package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.RepositoryTags;
import io.github.ecrsweep.app.change.PutTemplateChange;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ecrsweep put-template}: a repository creation template's lifecycle policy, diffed and previewed, then put. */
@Command(
        name = "put-template",
        description = "Create or update a repository creation template: validate its lifecycle policy, show how it"
                + " differs from the template's current one, preview it on the repositories that exist under the"
                + " prefix now (ROOT: those no other template covers), then put it. What is not given (encryption,"
                + " repository policy, role) is kept. With --check, a dry run that fails (exit 1) when the template"
                + " is not as given: drift.",
        footer = {
            "%nExamples:",
            "  ecrsweep put-template --prefix ROOT --applied-for CREATE_ON_PUSH \\",
            "      --policy examples/policies/expire-untagged-after-14-days.json --dry-run",
            "  ecrsweep put-template --prefix team-a --policy policy.json --yes",
            "  ecrsweep put-template --prefix team-a --policy policy.json --check"
        })
final class PutTemplateCommand implements Callable<Integer> {

    private static final Set<String> ENCRYPTION = Set.of("AES256", "KMS", "KMS_DSSE");

    static final Set<String> APPLIED_FOR = Set.of("CREATE_ON_PUSH", "PULL_THROUGH_CACHE", "REPLICATION");
    private static final Set<String> MUTABILITY =
            Set.of("MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION");

    // ECR's prefix pattern for a creation template.
    static final Pattern PREFIX =
            Pattern.compile("^([a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*/?|ROOT)$");

    @Mixin
    ChangeOptions options;

    @Mixin
    FleetOptions targets;

    @Mixin
    PolicyFileOption policy;

    @Option(
            names = "--prefix",
            required = true,
            paramLabel = "PREFIX",
            description = "The template's namespace (team-a means team-a/...), or ROOT for the default template.")
    String prefix;

    @Option(
            names = "--applied-for",
            paramLabel = "WHEN",
            split = ",",
            description = "CREATE_ON_PUSH, PULL_THROUGH_CACHE, REPLICATION (comma-separated); needed to create one.")
    List<String> appliedFor = new ArrayList<>();

    @Option(
            names = "--image-tag-mutability",
            paramLabel = "MODE",
            description = "MUTABLE or IMMUTABLE for the repositories it creates.")
    String mutability;

    @Option(
            names = "--resource-tag",
            paramLabel = "KEY=VALUE",
            description = "A resource tag the repositories it creates get (repeatable; replaces the template's).")
    List<String> resourceTags = new ArrayList<>();

    @Option(names = "--description", paramLabel = "TEXT", description = "What the template is for.")
    String description;

    @Option(
            names = "--encryption",
            paramLabel = "TYPE",
            description =
                    "AES256, KMS or KMS_DSSE: how the repositories it creates are encrypted (kept when not given).")
    String encryption;

    @Option(names = "--kms-key", paramLabel = "ARN", description = "With --encryption KMS or KMS_DSSE: the key.")
    String kmsKey;

    @Option(
            names = "--check",
            description = "A dry run that exits 1 when the template differs from what is given (drift).")
    boolean check;

    private final Context context;

    PutTemplateCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Map<String, String> tags = null;
        if (!resourceTags.isEmpty()) {
            tags = new LinkedHashMap<>();
            for (String t : resourceTags) {
                RepositoryTags.Tag tag = RepositoryTags.Tag.parse(t, "--resource-tag");
                tags.put(tag.key(), tag.value());
            }
        }
        java.util.function.UnaryOperator<String> option = field -> switch (field) {
            case "appliedFor" -> "--applied-for";
            case "imageTagMutability" -> "--image-tag-mutability";
            case "encryptionType" -> "--encryption";
            case "kmsKey" -> "--kms-key";
            default -> "--" + field;
        };
        PutTemplateChange.Wanted given = checked(
                new PutTemplateChange.Wanted(
                        prefix, null, null, appliedFor, mutability, tags, description, encryption, kmsKey),
                option);
        PolicyInput input = policy.loadOne(context);
        Guards guards = check ? options.guards().asCheck() : options.guards();
        PutTemplateChange change = PutTemplateChange.of(
                new PutTemplateChange.Wanted(
                        given.prefix(),
                        input.text(),
                        input.policy(),
                        given.appliedFor(),
                        given.imageTagMutability(),
                        given.resourceTags(),
                        given.description(),
                        given.encryptionType(),
                        given.kmsKey()),
                guards);
        return options.run(context, change, targets.choice(options.aws.access()), null);
    }

    /**
     * A template as given, checked as ECR checks it and with its names in ECR's capitals: the prefix, what it applies
     * for, its tag mutability and encryption. {@code field} names a field in the refusal (an option, or a place in a
     * file); the first problem refuses it, with exit code 2.
     */
    static PutTemplateChange.Wanted checked(
            PutTemplateChange.Wanted w, java.util.function.UnaryOperator<String> field) {
        if (w.prefix() == null
                || w.prefix().length() > 256
                || !PREFIX.matcher(w.prefix()).matches()) {
            throw new UserError(
                    ExitCode.USAGE,
                    field.apply("prefix") + " '" + Text.safe(String.valueOf(w.prefix()))
                            + "' is not a template prefix: a repository namespace such as team-a, or ROOT");
        }
        List<String> applied = w.appliedFor() == null
                ? List.of()
                : w.appliedFor().stream()
                        .map(a -> a.trim().toUpperCase(Locale.ROOT))
                        .toList();
        for (String a : applied) {
            if (!APPLIED_FOR.contains(a)) {
                throw new UserError(
                        ExitCode.USAGE,
                        field.apply("appliedFor") + " '" + Text.safe(a)
                                + "': use CREATE_ON_PUSH, PULL_THROUGH_CACHE or REPLICATION");
            }
        }
        String mode = upper(w.imageTagMutability());
        if (mode != null && !MUTABILITY.contains(mode)) {
            throw new UserError(
                    ExitCode.USAGE,
                    field.apply("imageTagMutability") + " '" + Text.safe(mode) + "': use MUTABLE or IMMUTABLE");
        }
        String encryption = upper(w.encryptionType());
        if (encryption != null && !ENCRYPTION.contains(encryption)) {
            throw new UserError(
                    ExitCode.USAGE,
                    field.apply("encryptionType") + " '" + Text.safe(encryption) + "': use AES256, KMS or KMS_DSSE");
        }
        if (w.kmsKey() != null && (encryption == null || encryption.equals("AES256"))) {
            throw new UserError(
                    ExitCode.USAGE,
                    field.apply("kmsKey") + " goes with " + field.apply("encryptionType") + " KMS or KMS_DSSE");
        }
        return new PutTemplateChange.Wanted(
                w.prefix(),
                w.policyText(),
                w.policy(),
                applied,
                mode,
                w.resourceTags(),
                w.description(),
                encryption,
                w.kmsKey());
    }

    private static String upper(String value) {
        return value == null ? null : value.trim().toUpperCase(Locale.ROOT);
    }
}
