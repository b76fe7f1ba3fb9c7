package io.github.ecrsweep.app.change;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.InUseSpec;
import io.github.ecrsweep.app.PlanOptions;
import io.github.ecrsweep.app.RepositoryTags;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.app.Shard;
import io.github.ecrsweep.registry.Location;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.PlanReader;
import io.github.ecrsweep.report.Report;
import io.github.ecrsweep.report.RepositoryStatus;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.DecisionAction;
import io.github.ecrsweep.rules.Digest;
import io.github.ecrsweep.rules.Image;
import io.github.ecrsweep.rules.ImageKind;
import io.github.ecrsweep.rules.LifecyclePolicy;
import io.github.ecrsweep.rules.Problem;
import io.github.ecrsweep.rules.Reason;
import io.github.ecrsweep.rules.RestoreSelection;
import io.github.ecrsweep.rules.Rule;
import io.github.ecrsweep.rules.RuleSet;
import io.github.ecrsweep.rules.SweepRule;
import io.github.ecrsweep.rules.UntagSelection;
import io.github.ecrsweep.rules.UntaggedSelection;
import io.github.ecrsweep.rules.json.PolicyJson;
import io.github.ecrsweep.rules.json.RuleFile;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A plan read back for {@code apply}, checked whole before anything is read from the registry: every row's
 * action fits the command that planned it (a delete-untagged plan deletes only what was untagged; expire only
 * what its policy's rule selects; sweep only what its rule matches; a policy plan deletes no image), every
 * repository lies within the recorded selection, no digest is listed twice, the summary counts the rows. The
 * first problem refuses the whole plan. What the plan was computed from (its options, its in-use sources) is
 * rebuilt here, so that {@code apply} plans the same command again and does only what both plans do.
 */
public final class ReviewedPlan {

    /** What each command's plan may do to an image. */
    private static final Set<DecisionAction> DELETES = EnumSet.of(DecisionAction.DELETE);

    private static final Set<DecisionAction> EXPIRES = EnumSet.of(DecisionAction.EXPIRE, DecisionAction.TRANSITION);
    private static final Set<DecisionAction> SWEEPS =
            EnumSet.of(DecisionAction.DELETE, DecisionAction.TRANSITION, DecisionAction.UNTAG);
    private static final Set<Reason> UNTAGGED_REASONS =
            EnumSet.of(Reason.UNTAGGED, Reason.CHILD_OF_DELETED_INDEX, Reason.SUBJECT_DELETED, Reason.SUBJECT_MISSING);
    private static final Set<Reason> SWEEP_FOLLOWERS = EnumSet.of(
            Reason.CHILD_OF_DELETED_INDEX,
            Reason.SUBJECT_DELETED,
            Reason.CHILD_OF_ARCHIVED_INDEX,
            Reason.SUBJECT_ARCHIVED);

    private final PlanReader.Read read;
    private final PlanOptions options;
    private final Instant evaluatedAt;
    private final LifecyclePolicy policy;
    private final RuleFile rules;

    private ReviewedPlan(
            PlanReader.Read read, PlanOptions options, Instant evaluatedAt, LifecyclePolicy policy, RuleFile rules) {
        this.read = read;
        this.options = options;
        this.evaluatedAt = evaluatedAt;
        this.policy = policy;
        this.rules = rules;
    }

    public Report plan() {
        return read.plan();
    }

    public String name() {
        return read.name();
    }

    public String sha256() {
        return read.sha256();
    }

    public PlanOptions options() {
        return options;
    }

    public Instant evaluatedAt() {
        return evaluatedAt;
    }

    /** Whether the plan only puts or deletes lifecycle policies: its image rows are information, never executed. */
    public boolean changesPolicies() {
        return switch (plan().command()) {
            case PUT_POLICY, APPLY_ALL, DELETE_POLICY, COPY_POLICY -> true;
            case DELETE_UNTAGGED, EXPIRE, SWEEP, UNTAG, RESTORE -> false;
            case APPLY, DELETE_REPOSITORY, PUT_TEMPLATE, APPLY_TEMPLATES ->
                throw new IllegalStateException("a plan of " + plan().command() + " is refused when it is read");
        };
    }

    /**
     * The command that made the plan, as it would plan now with the plan's options: kept images listed too, so
     * that apply can tell why a reviewed image would stay now. Only for a plan that deletes or archives images.
     */
    public Change original(Guards guards) {
        Selection selection = options.selection();
        return switch (plan().command()) {
            case DELETE_UNTAGGED ->
                DeleteUntaggedChange.of(
                        selection,
                        new UntaggedSelection(options.olderThan(), options.keep(), options.orphanedSignatures()),
                        guards,
                        true,
                        InUseRequest.none());
            case EXPIRE ->
                ExpireChange.of(
                        selection,
                        options.lifecyclePolicyText(),
                        policy,
                        options.archive(),
                        guards,
                        true,
                        InUseRequest.none());
            case SWEEP ->
                SweepChange.of(
                        selection,
                        options.rulesFile(),
                        options.rulesText(),
                        rules.rules(),
                        guards,
                        true,
                        InUseRequest.none());
            case UNTAG -> UntagChange.of(selection, options.untag(), guards, true, InUseRequest.none());
            case RESTORE -> RestoreChange.of(selection, options.restore(), guards, true);
            case PUT_POLICY,
                    APPLY_ALL,
                    DELETE_POLICY,
                    COPY_POLICY,
                    APPLY,
                    DELETE_REPOSITORY,
                    PUT_TEMPLATE,
                    APPLY_TEMPLATES ->
                throw new IllegalStateException(plan().command() + " plans are not applied as images");
        };
    }

    /** The in-use sources the plan read, as it read them, with the keep-pulled window; none when it read none. */
    public InUseRequest inUse() {
        Report.InUseSources recorded = plan().inUse();
        if (recorded == null) {
            return InUseRequest.none();
        }
        List<InUseSpec> specs = new ArrayList<>();
        Set<String> optional = new LinkedHashSet<>();
        for (Report.SourceScan s : recorded.sources()) {
            InUseSpec.Kind kind = InUseSpec.Kind.of(s.kind());
            InUseSpec spec = kind.isFile()
                    ? InUseSpec.file(kind, s.file())
                    : InUseSpec.service(kind, s.within() == null ? null : Duration.parse(s.within()), s.revisions());
            specs.add(spec);
            if (Boolean.TRUE.equals(s.optional())) {
                optional.add(spec.name());
            }
        }
        return new InUseRequest(
                specs,
                optional,
                recorded.keepPulledWithin() == null ? null : Duration.parse(recorded.keepPulledWithin()));
    }

    /** The plan, checked whole; the first problem refuses it, in one line, with exit code 2. */
    public static ReviewedPlan check(PlanReader.Read read) {
        Checker checker = new Checker(read);
        try {
            return checker.check();
        } catch (Inconsistent e) {
            throw new UserError(
                    ExitCode.USAGE,
                    "refusing the plan '" + read.name() + "': " + Text.safe(e.getMessage())
                            + "; nothing was changed (plan again with --dry-run --out)");
        }
    }

    /** The first problem of a plan. */
    private static final class Inconsistent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Inconsistent(String message) {
            super(message, null, false, false);
        }
    }

    private static Inconsistent inconsistent(String message) {
        return new Inconsistent(message);
    }

    /** The checks, in the order a reader would make them: the whole, then each repository, then each row. */
    private static final class Checker {
        private final PlanReader.Read read;
        private final Report plan;
        private final CommandName command;
        private PlanOptions options;
        private Instant evaluatedAt;
        private LifecyclePolicy policy;
        private RuleFile rules;
        /** The repository's own tags that changed its plan, as the plan records them. */
        private java.util.Map<String, String> own = java.util.Map.of();

        Checker(PlanReader.Read read) {
            this.read = read;
            this.plan = read.plan();
            this.command = plan.command();
        }

        ReviewedPlan check() {
            if (plan.refused() != null) {
                // A dry run that a real run would refuse (say, over its --max-delete) cannot become a real run later.
                throw inconsistent(
                        "a real run would have refused it (" + plan.refused().reason() + ")");
            }
            if (plan.maxDelete() != null && plan.maxDelete() < 0) {
                throw inconsistent("maxDelete is negative");
            }
            evaluatedAt = Instant.parse(plan.evaluatedAt());
            options = options(plan.options());
            Runnable inputs = switch (command) {
                case EXPIRE -> () -> policy = policy(options.lifecyclePolicyText(), "options.lifecyclePolicyText");
                case SWEEP -> () -> rules = rules();
                case DELETE_UNTAGGED -> this::untagged;
                case UNTAG ->
                    () -> {
                        if (options.untag() == null) {
                            throw inconsistent("options.untag: an untag plan records the tags it removes");
                        }
                    };
                case RESTORE ->
                    () -> {
                        if (options.restore() == null) {
                            throw inconsistent("options.restore: a restore plan records the images it restores");
                        }
                    };
                case PUT_POLICY, APPLY_ALL, DELETE_POLICY, COPY_POLICY -> () -> {};
                case APPLY ->
                    () -> {
                        throw inconsistent("it is the plan of an apply");
                    };
                case DELETE_REPOSITORY, PUT_TEMPLATE, APPLY_TEMPLATES ->
                    () -> {
                        throw inconsistent("a " + command + " plan is not applied later: run " + command
                                + " again, which plans and checks right before it changes anything");
                    };
            };
            inputs.run();
            Set<String> names = new HashSet<>();
            for (Report.RepositoryReport r : plan.repositories()) {
                String at = "repository '" + r.repositoryName() + "'";
                if (r.repositoryName() == null || !names.add(r.repositoryName())) {
                    throw inconsistent(
                            r.repositoryName() == null ? "a repository has no name" : at + " is listed twice");
                }
                withinSelection(r.repositoryName(), at);
                if (r.status() == null) {
                    throw inconsistent(at + " has no status");
                }
                policyChange(r, at);
                images(r, at);
            }
            summary();
            return new ReviewedPlan(read, options, evaluatedAt, policy, rules);
        }

        /** What the plan was computed from; a plan without it (an older version's) cannot be checked. */
        private PlanOptions options(Report.Options o) {
            if (o == null || o.selection() == null) {
                throw inconsistent("it does not record what it was computed from (options); it was written by an"
                        + " older ecrsweep");
            }
            Report.SelectionOptions s = o.selection();
            Selection selection;
            try {
                selection = new Selection(
                        list(s.repositoryNames()),
                        s.all(),
                        list(s.include()),
                        list(s.exclude()),
                        s.allByDefault(),
                        plan.shard() == null
                                ? null
                                : new Shard(plan.shard().index(), plan.shard().count()),
                        RepositoryTags.of(list(s.repositoryTags()), list(s.excludeRepositoryTags())));
            } catch (UserError e) {
                throw inconsistent("options.selection: " + e.getMessage());
            }
            Duration olderThan;
            try {
                olderThan = o.olderThan() == null ? null : Duration.parse(o.olderThan());
            } catch (DateTimeParseException e) {
                throw inconsistent("options.olderThan: not an ISO-8601 duration");
            }
            if (o.keep() != null && o.keep() < 0) {
                throw inconsistent("options.keep: negative");
            }
            return new PlanOptions(
                    selection,
                    olderThan,
                    o.keep(),
                    o.orphanedSignatures(),
                    o.lifecyclePolicyText(),
                    o.archive(),
                    o.rulesFile(),
                    o.rulesText(),
                    untag(o, olderThan),
                    restore(o));
        }

        /** The restore selection the plan records, or null. */
        private static RestoreSelection restore(Report.Options o) {
            Report.RestoreOptions r = o.restore();
            if (r == null) {
                return null;
            }
            try {
                return new RestoreSelection(
                        list(r.tags()),
                        list(r.digests()).stream().map(Digest::of).toList(),
                        r.olderThan() == null ? null : Duration.parse(r.olderThan()),
                        r.newerThan() == null ? null : Duration.parse(r.newerThan()));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw inconsistent("options.restore: " + e.getMessage());
            }
        }

        /** The untag selection the plan records, or null; one that could not have been given is refused. */
        private static UntagSelection untag(Report.Options o, Duration olderThan) {
            Report.UntagOptions u = o.untag();
            if (u == null) {
                return null;
            }
            List<Pattern> regexes = new ArrayList<>();
            for (String regex : list(u.tagRegex())) {
                try {
                    regexes.add(Pattern.compile(regex));
                } catch (PatternSyntaxException e) {
                    throw inconsistent("options.untag.tagRegex: '" + regex + "' is not a regular expression");
                }
            }
            try {
                return new UntagSelection(list(u.tags()), regexes, olderThan, o.keep(), u.groupBy(), u.deleteIfLast());
            } catch (IllegalArgumentException e) {
                throw inconsistent("options.untag: " + e.getMessage());
            }
        }

        private static List<String> list(List<String> values) {
            return values == null ? List.of() : values;
        }

        private void untagged() {
            if (options.keep() == null || options.orphanedSignatures() == null) {
                throw inconsistent("options: a delete-untagged plan records keep and orphanedSignatures");
            }
        }

        private LifecyclePolicy policy(String text, String where) {
            if (text == null) {
                throw inconsistent(where + ": missing");
            }
            var validation = PolicyJson.check(text);
            return validation
                    .policy()
                    .orElseThrow(() -> inconsistent(
                            where + ": not a valid lifecycle policy (" + Problem.oneLine(validation.problems()) + ")"));
        }

        private RuleFile rules() {
            if (options.rulesText() == null) {
                throw inconsistent("options.rulesText: missing");
            }
            RuleFile.Check check = RuleFile.check(options.rulesText());
            return check.file()
                    .orElseThrow(() -> inconsistent(
                            "options.rulesText: not a valid rule file (" + Problem.oneLine(check.problems()) + ")"));
        }

        /** A repository the recorded selection (and shard, and rule file) did not choose cannot be in the plan. */
        private void withinSelection(String name, String at) {
            Selection s = options.selection();
            try {
                Selection.checkName(name);
            } catch (UserError e) {
                throw inconsistent(at + ": not a valid repository name");
            }
            boolean chosen = (s.names().isEmpty() || s.names().contains(name))
                    && (s.include().isEmpty() || s.include().stream().anyMatch(g -> Selection.matches(g, name)))
                    && s.exclude().stream().noneMatch(g -> Selection.matches(g, name))
                    && (s.shard() == null || s.shard().holds(new Location(plan.account(), plan.region()), name));
            if (!chosen) {
                throw inconsistent(at + " is not in the plan's selection");
            }
            if (rules != null && rules.rules().blockFor(name).isEmpty()) {
                throw inconsistent(at + " is covered by no block of the plan's rule file");
            }
        }

        /** A policy change fits its command, and the policy it puts is valid. */
        private void policyChange(Report.RepositoryReport r, String at) {
            Report.PolicyChange p = r.lifecyclePolicy();
            RepositoryStatus status = r.status();
            if (!changesPolicies(command)) {
                if (p != null
                        || status != RepositoryStatus.WOULD_DELETE
                                && status != RepositoryStatus.NOTHING_TO_DELETE
                                && status != RepositoryStatus.FAILED) {
                    throw inconsistent(at + ": a " + command + " plan changes no lifecycle policy");
                }
                return;
            }
            if (p == null) {
                if (status.changes()) {
                    throw inconsistent(at + " is " + status + " without the policy change");
                }
                return;
            }
            if (p.status() != status) {
                throw inconsistent(at + ": status " + status + " and lifecyclePolicy.status " + p.status() + " differ");
            }
            // Switch expressions, here and below, so that a status or a command added later must say what it means.
            String problem = switch (status) {
                case WOULD_CREATE, WOULD_UPDATE -> puts(p, status, at);
                case WOULD_DELETE_POLICY ->
                    command != CommandName.DELETE_POLICY
                            ? at + ": a " + command + " plan deletes no policy"
                            : p.currentPolicyText() == null || p.lifecyclePolicyText() != null
                                    ? at + ": would-delete-policy needs the current policy and no new one"
                                    : null;
                case UNCHANGED, NO_POLICY, EXTRA_POLICY, FAILED -> null;
                case WOULD_DELETE,
                        NOTHING_TO_DELETE,
                        POLICY_DELETED,
                        DELETED,
                        REPOSITORY_DELETED,
                        CREATED,
                        UPDATED,
                        PARTIAL,
                        INTERRUPTED -> at + ": status " + status + " is not a planned policy change";
            };
            if (problem != null) {
                throw inconsistent(problem);
            }
        }

        /** What is wrong with a policy to put, or null: it fits its command and status, and it is valid. */
        private String puts(Report.PolicyChange p, RepositoryStatus status, String at) {
            if (command == CommandName.DELETE_POLICY) {
                return at + ": a delete-policy plan puts no policy";
            }
            if ((status == RepositoryStatus.WOULD_CREATE) != (p.currentPolicyText() == null)) {
                return at + ": " + status + " does not fit its current policy";
            }
            policy(p.lifecyclePolicyText(), at + ".lifecyclePolicy.lifecyclePolicyText");
            if (options.lifecyclePolicyText() != null
                    && !options.lifecyclePolicyText().equals(p.lifecyclePolicyText())) {
                return at + ": the policy to put is not the plan's policy";
            }
            return null;
        }

        private static boolean changesPolicies(CommandName command) {
            return switch (command) {
                case PUT_POLICY, APPLY_ALL, DELETE_POLICY, COPY_POLICY -> true;
                case DELETE_UNTAGGED,
                        EXPIRE,
                        SWEEP,
                        UNTAG,
                        RESTORE,
                        APPLY,
                        DELETE_REPOSITORY,
                        PUT_TEMPLATE,
                        APPLY_TEMPLATES -> false;
            };
        }

        /** Each row: a readable image, listed once, whose action the command could have decided. */
        private void images(Report.RepositoryReport r, String at) {
            own = r.tags() == null ? java.util.Map.of() : r.tags();
            List<Report.ImageReport> images = r.images() == null ? List.of() : r.images();
            Set<Digest> seen = new HashSet<>();
            boolean acts = false;
            for (int i = 0; i < images.size(); i++) {
                Report.ImageReport row = images.get(i);
                String where = at + ", images[" + i + "]";
                Digest digest;
                try {
                    digest = Digest.of(String.valueOf(row.imageDigest()));
                } catch (IllegalArgumentException e) {
                    throw inconsistent(where + ": imageDigest is not a digest");
                }
                if (!seen.add(digest)) {
                    throw inconsistent(where + ": " + digest + " is listed twice");
                }
                if (row.imageTags() == null || row.imageTags().stream().anyMatch(Objects::isNull)) {
                    throw inconsistent(where + ": imageTags must be a list of tags");
                }
                if (row.result() != null || row.failure() != null || row.skipped() != null) {
                    throw inconsistent(where + ": a plan has no results");
                }
                DecisionAction action = action(row.action(), where);
                Reason reason = Reason.ofCode(String.valueOf(row.reason()))
                        .orElseThrow(() -> inconsistent(where + ": '" + row.reason() + "' is not a reason"));
                Image image = image(row, digest, where);
                if (action == DecisionAction.KEEP) {
                    continue;
                }
                acts = true;
                if (changesPolicies(command)) {
                    if (command == CommandName.DELETE_POLICY) {
                        throw inconsistent(where + ": a delete-policy plan lists no image");
                    }
                    continue; // a preview of what ECR would do: information, never executed
                }
                if (row.inUse() != null && !row.inUse().isEmpty()) {
                    throw inconsistent(where + ": " + digest + " is marked in use, and a " + command
                            + " plan never acts on an image in use");
                }
                Runnable fits = switch (command) {
                    case DELETE_UNTAGGED -> () -> untaggedRow(row, image, action, reason, where);
                    case EXPIRE -> () -> expireRow(row, image, action, reason, where);
                    case SWEEP -> () -> sweepRow(r.repositoryName(), row, image, action, reason, where);
                    case UNTAG -> () -> untagRow(row, image, action, reason, where);
                    case RESTORE -> () -> restoreRow(row, image, action, reason, where);
                    case PUT_POLICY,
                            APPLY_ALL,
                            DELETE_POLICY,
                            COPY_POLICY,
                            APPLY,
                            DELETE_REPOSITORY,
                            PUT_TEMPLATE,
                            APPLY_TEMPLATES ->
                        () -> {
                            throw new IllegalStateException(command + " plans are checked above");
                        };
                };
                fits.run();
            }
            if (!changesPolicies(command) && acts != (r.status() == RepositoryStatus.WOULD_DELETE)) {
                throw inconsistent(at + ": status " + r.status() + (acts ? " with" : " without") + " images to act on");
            }
        }

        private static DecisionAction action(String code, String where) {
            for (DecisionAction a : DecisionAction.values()) {
                if (a.code().equals(code)) {
                    return a;
                }
            }
            throw inconsistent(where + ": '" + code + "' is not an action");
        }

        private static Image image(Report.ImageReport row, Digest digest, String where) {
            Instant pushed;
            try {
                pushed = Instant.parse(String.valueOf(row.imagePushedAt()));
            } catch (DateTimeParseException e) {
                throw inconsistent(where + ": imagePushedAt is not a time");
            }
            if (row.imageSizeInBytes() < 0) {
                throw inconsistent(where + ": imageSizeInBytes is negative");
            }
            boolean knownKind = false;
            for (ImageKind k : ImageKind.values()) {
                knownKind |= k.code().equals(row.kind());
            }
            if (!knownKind) {
                throw inconsistent(where + ": '" + row.kind() + "' is not a kind of image");
            }
            return Image.builder(digest, pushed)
                    .tags(row.imageTags())
                    .sizeInBytes(row.imageSizeInBytes())
                    .build();
        }

        /** delete-untagged deletes untagged images, what they free, and with the option orphaned cosign signatures. */
        private void untaggedRow(
                Report.ImageReport row, Image image, DecisionAction action, Reason reason, String where) {
            if (!DELETES.contains(action) || !UNTAGGED_REASONS.contains(reason)) {
                throw inconsistent(
                        where + ": a delete-untagged plan does not " + action.code() + " for " + reason.code());
            }
            if (image.isTagged()) {
                boolean orphanedSignature = reason == Reason.SUBJECT_MISSING
                        && Boolean.TRUE.equals(options.orphanedSignatures())
                        && image.cosignSubject().isPresent();
                if (!orphanedSignature) {
                    throw inconsistent(where + ": " + image.digest() + " is tagged ("
                            + String.join(", ", image.tags()) + "), and a delete-untagged plan deletes only"
                            + " untagged images");
                }
            }
            Duration olderThan = olderThan(options.olderThan(), where);
            if ((reason == Reason.UNTAGGED || reason == Reason.SUBJECT_MISSING)
                    && olderThan != null
                    && image.pushedAt().isAfter(evaluatedAt.minus(olderThan))) {
                throw inconsistent(where + ": " + image.digest() + " was pushed less than --older-than " + olderThan
                        + " before the plan");
            }
            requireNoRule(row, where);
        }

        /** expire acts as a rule of its policy decides: the rule acts that way and selects the image. */
        private void expireRow(
                Report.ImageReport row, Image image, DecisionAction action, Reason reason, String where) {
            if (!EXPIRES.contains(action)
                    || action == DecisionAction.TRANSITION && !Boolean.TRUE.equals(options.archive())) {
                throw inconsistent(where + ": this expire plan does not " + action.code());
            }
            Rule rule = policy.rules().stream()
                    .filter(x -> row.rulePriority() != null && x.rulePriority() == row.rulePriority())
                    .findFirst()
                    .orElseThrow(() -> inconsistent(
                            where + ": rulePriority " + row.rulePriority() + " is no rule of the plan's policy"));
            if (rule.action().decision() != action) {
                throw inconsistent(where + ": rule " + rule.rulePriority() + " does not " + action.code());
            }
            boolean followsSubject = reason == Reason.SUBJECT_EXPIRED || reason == Reason.SUBJECT_ARCHIVED;
            if (followsSubject) {
                if (!"referrer".equals(row.kind())
                        || (reason == Reason.SUBJECT_EXPIRED) != (action == DecisionAction.EXPIRE)) {
                    throw inconsistent(where + ": " + reason.code() + " does not fit this image");
                }
                return;
            }
            if (reason != Reason.forCountType(rule.selection().countType())) {
                throw inconsistent(where + ": rule " + rule.rulePriority() + " acts for "
                        + Reason.forCountType(rule.selection().countType()).code() + ", not " + reason.code());
            }
            if (!rule.selection().tags().matches(image)) {
                throw inconsistent(where + ": rule " + rule.rulePriority() + " does not select " + image.digest()
                        + " (tags: " + (image.tags().isEmpty() ? "none" : String.join(", ", image.tags())) + ")");
            }
        }

        /** sweep acts as the rule of the repository's block decides, or with what that rule's action frees. */
        private void sweepRow(
                String repository,
                Report.ImageReport row,
                Image image,
                DecisionAction action,
                Reason reason,
                String where) {
            if (!SWEEPS.contains(action)) {
                throw inconsistent(where + ": a sweep plan does not " + action.code());
            }
            if (SWEEP_FOLLOWERS.contains(reason)) {
                if (image.isTagged() && reason != Reason.SUBJECT_DELETED && reason != Reason.SUBJECT_ARCHIVED) {
                    throw inconsistent(where + ": a tagged image does not go with its index");
                }
                return;
            }
            if (reason != Reason.RULE) {
                throw inconsistent(where + ": a sweep plan does not " + action.code() + " for " + reason.code());
            }
            RuleSet.Block block = rules.rules().blockFor(repository).orElseThrow();
            SweepRule rule = block.rules().stream()
                    .filter(x -> row.rulePriority() != null && x.number() == row.rulePriority())
                    .findFirst()
                    .orElseThrow(() -> inconsistent(where + ": rule " + row.rulePriority()
                            + " is no rule of the block that covers '" + repository + "'"));
            DecisionAction decided = switch (rule.action()) {
                case DELETE -> DecisionAction.DELETE;
                case ARCHIVE -> DecisionAction.TRANSITION;
                case UNTAG -> DecisionAction.UNTAG;
                case KEEP -> DecisionAction.KEEP;
            };
            if (decided != action) {
                throw inconsistent(where + ": rule " + rule.number() + " does not " + action.code());
            }
            if (!rule.matches(image)) {
                throw inconsistent(where + ": rule " + rule.number() + " does not match " + image.digest() + " (tags: "
                        + (image.tags().isEmpty() ? "none" : String.join(", ", image.tags())) + ")");
            }
            if (action == DecisionAction.UNTAG) {
                List<String> untag = row.untag() == null ? List.of() : row.untag();
                List<String> found = rule.untagTags(image);
                if (untag.isEmpty()
                        || !Set.copyOf(untag).equals(Set.copyOf(found))
                        || found.size() >= image.tags().size()) {
                    throw inconsistent(where + ": rule " + rule.number() + " removes "
                            + (found.isEmpty() ? "no tag" : String.join(", ", found)) + " of " + image.digest()
                            + ", not " + (untag.isEmpty() ? "none" : String.join(", ", untag))
                            + ", and never its last");
                }
            }
        }

        /**
         * untag removes exactly the selected tags of an image old enough, never its last, or with --delete-if-last
         * deletes an image all of whose tags are selected, with what that frees.
         */
        private void untagRow(Report.ImageReport row, Image image, DecisionAction action, Reason reason, String where) {
            UntagSelection rule = options.untag();
            List<String> untag = row.untag() == null ? List.of() : row.untag();
            List<String> selected = rule.selected(image);
            Duration olderThan = olderThan(rule.olderThan(), where);
            boolean oldEnough = olderThan == null || image.pushedAt().isBefore(evaluatedAt.minus(olderThan));
            if (action == DecisionAction.UNTAG && reason == Reason.TAG_SELECTED) {
                if (untag.isEmpty() || !Set.copyOf(untag).equals(Set.copyOf(selected))) {
                    throw inconsistent(where + ": it removes " + (untag.isEmpty() ? "no tag" : String.join(", ", untag))
                            + ", and the plan's selection names "
                            + (selected.isEmpty() ? "none" : String.join(", ", selected))
                            + " of its tags");
                }
                if (selected.size() >= image.tags().size()) {
                    throw inconsistent(where + ": it removes every tag of " + image.digest()
                            + ", which deletes the image; an untag plan never does");
                }
            } else if (action == DecisionAction.DELETE && reason == Reason.LAST_TAG_DELETED) {
                if (!rule.deleteIfLast()
                        || !image.isTagged()
                        || selected.size() != image.tags().size()) {
                    throw inconsistent(where + ": an untag plan deletes an image only with deleteIfLast, when every"
                            + " tag of it is selected");
                }
            } else if (action == DecisionAction.DELETE
                    && (reason == Reason.CHILD_OF_DELETED_INDEX || reason == Reason.SUBJECT_DELETED)) {
                if (!rule.deleteIfLast() || image.isTagged()) {
                    throw inconsistent(where + ": an untag plan deletes no " + (image.isTagged() ? "tagged " : "")
                            + "image for " + reason.code());
                }
                return;
            } else {
                throw inconsistent(where + ": an untag plan does not " + action.code() + " for " + reason.code());
            }
            if (!oldEnough) {
                throw inconsistent(where + ": " + image.digest() + " was pushed less than --older-than " + olderThan
                        + " before the plan");
            }
            requireNoRule(row, where);
        }

        /** restore brings back what its selection names, and what comes back with that; it deletes nothing. */
        private void restoreRow(
                Report.ImageReport row, Image image, DecisionAction action, Reason reason, String where) {
            if (action != DecisionAction.RESTORE) {
                throw inconsistent(where + ": a restore plan does not " + action.code());
            }
            if (reason == Reason.RESTORE_SELECTED) {
                if (!options.restore().selects(image, evaluatedAt)) {
                    throw inconsistent(where + ": the plan's selection does not name " + image.digest());
                }
            } else if (reason != Reason.CHILD_OF_RESTORED_INDEX && reason != Reason.SUBJECT_RESTORED) {
                throw inconsistent(where + ": a restore plan does not restore for " + reason.code());
            }
            requireNoRule(row, where);
        }

        /** The minimum age the repository's plan used: its own ecrsweep:older-than tag, else the option's. */
        private Duration olderThan(Duration option, String where) {
            String tag = own.get(RepositoryTags.OLDER_THAN);
            if (tag == null) {
                return option;
            }
            return io.github.ecrsweep.rules.Ages.parse(tag.trim())
                    .orElseThrow(() -> inconsistent(where + ": its repository's " + RepositoryTags.OLDER_THAN + " '"
                            + tag + "' is not a duration"));
        }

        private static void requireNoRule(Report.ImageReport row, String where) {
            if (row.rulePriority() != null) {
                throw inconsistent(where + ": a delete-untagged decision has no rule");
            }
        }

        /** The summary counts what the rows show. */
        private void summary() {
            Report.Summary s = plan.summary();
            int delete = 0;
            int expire = 0;
            int transition = 0;
            long bytes = 0;
            long transitionBytes = 0;
            int changing = 0;
            int untag = 0;
            for (Report.RepositoryReport r : plan.repositories()) {
                changing += r.status().changes() ? 1 : 0;
                for (Report.ImageReport i : r.images() == null ? List.<Report.ImageReport>of() : r.images()) {
                    long b = i.bytes() == null ? 0 : i.bytes();
                    switch (i.action()) {
                        case "delete" -> {
                            delete++;
                            bytes += b;
                        }
                        case "expire" -> {
                            expire++;
                            bytes += b;
                        }
                        case "transition" -> {
                            transition++;
                            transitionBytes += b;
                        }
                        case "untag" -> untag++;
                        default -> {}
                    }
                }
            }
            if (s.repositories() != plan.repositories().size()
                    || s.changingRepositories() != changing
                    || s.delete() != delete
                    || s.expire() != expire
                    || s.transition() != transition
                    || s.bytes() != bytes
                    || s.transitionBytes() != transitionBytes
                    || (s.untag() == null ? 0 : s.untag()) != untag) {
                throw inconsistent("its summary does not count its rows ("
                        + plan.repositories().size()
                        + " repositories, " + changing + " changing, delete " + delete + ", expire " + expire
                        + ", transition " + transition + ", untag " + untag + ", " + bytes + " bytes)");
            }
        }
    }
}
