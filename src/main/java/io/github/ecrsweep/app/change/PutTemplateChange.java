package io.github.ecrsweep.app.change;

import io.github.ecrsweep.app.Change;
import io.github.ecrsweep.app.Guards;
import io.github.ecrsweep.app.InUseRequest;
import io.github.ecrsweep.app.PlanOptions;
import io.github.ecrsweep.app.Planning;
import io.github.ecrsweep.app.RepositoryResult;
import io.github.ecrsweep.app.Selection;
import io.github.ecrsweep.registry.CreationTemplate;
import io.github.ecrsweep.registry.Repository;
import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.report.RepositoryStatus;
import io.github.ecrsweep.report.Units;
import io.github.ecrsweep.rules.LifecycleEvaluator;
import io.github.ecrsweep.rules.LifecyclePolicy;
import io.github.ecrsweep.rules.Pins;
import io.github.ecrsweep.rules.Plan;
import io.github.ecrsweep.rules.json.PolicyDiff;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code put-template}: a repository creation template created or updated with its lifecycle policy (the policy's
 * difference shown rule by rule, as put-policy shows it), what it applies for, its tag mutability and resource tags;
 * everything else the template has is kept. The policy is previewed on the repositories that exist under the prefix
 * now (for ROOT, those no other template covers), as if they had been created from it. Right before the put, the
 * template is read again: one that changed since the plan is not touched.
 *
 * @param seen the template as each plan found it, for the check right before the put
 * @param read each registry's templates and repository names, as {@link #covers} read them
 */
public record PutTemplateChange(
        Request request,
        List<Wanted> templates,
        Map<String, Optional<CreationTemplate>> seen,
        Map<io.github.ecrsweep.registry.Registry, Registered> read)
        implements Change {

    /** What a registry holds that every template's plan looks at: read once per registry, not once per template. */
    public record Registered(List<CreationTemplate> templates, List<String> repositories) {}

    /**
     * What the template should say; a null field keeps the template's own.
     *
     * @param policy the validated lifecycle policy of {@code policyText}
     */
    public record Wanted(
            String prefix,
            String policyText,
            LifecyclePolicy policy,
            List<String> appliedFor,
            String imageTagMutability,
            Map<String, String> resourceTags,
            String description,
            String encryptionType,
            String kmsKey) {}

    public static PutTemplateChange of(Wanted wanted, Guards guards) {
        return of(CommandName.PUT_TEMPLATE, List.of(wanted), guards);
    }

    /** @param command {@link CommandName#PUT_TEMPLATE} for one, {@link CommandName#APPLY_TEMPLATES} for a document */
    public static PutTemplateChange of(CommandName command, List<Wanted> templates, Guards guards) {
        Selection none = new Selection(List.of(), false, List.of(), List.of(), true);
        return new PutTemplateChange(
                new Request(
                        command,
                        none,
                        guards,
                        InUseRequest.none(),
                        false,
                        PlanOptions.of(none)
                                .withPolicy(
                                        templates.size() == 1 ? templates.get(0).policyText() : null, null)),
                List.copyOf(templates),
                new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>());
    }

    /** The template wanted under this prefix. */
    private Wanted wanted(String prefix) {
        return templates.stream()
                .filter(w -> w.prefix().equals(prefix))
                .findFirst()
                .orElseThrow();
    }

    @Override
    public String verb() {
        return "put the creation template";
    }

    @Override
    public boolean changesRepositories() {
        return false;
    }

    /** The templates, each in the place of a repository. */
    @Override
    public List<Repository> covers(Planning planning) {
        io.github.ecrsweep.registry.Registry registry = planning.registry();
        List<String> names =
                registry.listRepositories().stream().map(Repository::name).toList();
        read.put(registry, new Registered(registry.creationTemplates(), names));
        return templates.stream().map(w -> Repository.named(w.prefix())).toList();
    }

    @Override
    public RepositoryResult plan(Planning planning, Repository repository) {
        Wanted wanted = wanted(repository.name());
        Registered registered = read.get(planning.registry());
        List<CreationTemplate> all = registered.templates();
        Optional<CreationTemplate> current =
                all.stream().filter(t -> t.prefix().equals(wanted.prefix())).findFirst();
        if (current.isEmpty()
                && (wanted.appliedFor() == null || wanted.appliedFor().isEmpty())) {
            return RepositoryResult.failed(
                    wanted.prefix(),
                    "template '" + wanted.prefix() + "' does not exist: creating it needs --applied-for"
                            + " (CREATE_ON_PUSH, PULL_THROUGH_CACHE, REPLICATION)");
        }
        CreationTemplate desired = desired(wanted, current.orElse(null));
        PolicyDiff.Result policy =
                PolicyDiff.compare(current.map(CreationTemplate::lifecyclePolicy), wanted.policyText());
        boolean fields = current.isPresent() && !sameBesidesPolicy(current.get(), desired);
        RepositoryStatus status = current.isEmpty()
                ? RepositoryStatus.WOULD_CREATE
                : policy.status() != PolicyDiff.Status.UNCHANGED || fields
                        ? RepositoryStatus.WOULD_UPDATE
                        : RepositoryStatus.UNCHANGED;
        preview(planning, registered, desired, wanted.policy());
        // Keyed by account and region, known once the repositories were listed, and prefix.
        seen.put(planning.registry().location() + " " + wanted.prefix(), current);
        return new RepositoryResult(wanted.prefix(), status, null, policy, Map.of(), null);
    }

    /** The template as wanted: the current one (or a new one) with what was given. */
    private static CreationTemplate desired(Wanted wanted, CreationTemplate current) {
        return new CreationTemplate(
                wanted.prefix(),
                wanted.description() != null ? wanted.description() : current == null ? null : current.description(),
                wanted.policyText(),
                wanted.imageTagMutability() != null
                        ? wanted.imageTagMutability()
                        : current == null ? null : current.imageTagMutability(),
                current == null || wanted.imageTagMutability() != null ? List.of() : current.mutabilityFilters(),
                wanted.encryptionType() != null
                        ? wanted.encryptionType()
                        : current == null ? null : current.encryptionType(),
                wanted.encryptionType() != null ? wanted.kmsKey() : current == null ? null : current.kmsKey(),
                wanted.resourceTags() != null
                        ? wanted.resourceTags()
                        : current == null ? Map.of() : current.resourceTags(),
                wanted.appliedFor() != null && !wanted.appliedFor().isEmpty()
                        ? wanted.appliedFor()
                        : current == null ? List.of() : current.appliedFor(),
                current == null ? null : current.repositoryPolicy(),
                current == null ? null : current.customRoleArn());
    }

    private static boolean sameBesidesPolicy(CreationTemplate a, CreationTemplate b) {
        return Objects.equals(a.description(), b.description())
                && Objects.equals(a.encryptionType(), b.encryptionType())
                && Objects.equals(a.kmsKey(), b.kmsKey())
                && Objects.equals(a.imageTagMutability(), b.imageTagMutability())
                && a.mutabilityFilters().equals(b.mutabilityFilters())
                && a.resourceTags().equals(b.resourceTags())
                && java.util.Set.copyOf(a.appliedFor()).equals(java.util.Set.copyOf(b.appliedFor()));
    }

    /** What the policy would do now to the repositories that exist under the prefix, said as a note. */
    private static void preview(
            Planning planning, Registered registered, CreationTemplate desired, LifecyclePolicy policy) {
        List<String> covered = registered.repositories().stream()
                .filter(n -> desired.covers(n, registered.templates()))
                .toList();
        int expire = 0;
        int transition = 0;
        long bytes = 0;
        for (String name : covered) {
            Plan plan = LifecycleEvaluator.evaluate(policy, planning.images(name), planning.now(), Pins.none());
            expire += plan.count(io.github.ecrsweep.rules.DecisionAction.EXPIRE);
            transition += plan.count(io.github.ecrsweep.rules.DecisionAction.TRANSITION);
            bytes += plan.removedBytes();
        }
        planning.diagnostics()
                .note("template '" + desired.prefix() + "': on the "
                        + Units.count(covered.size(), "repository", "repositories")
                        + " under it now, its lifecycle policy would expire "
                        + Units.count(expire, "image") + " (" + Units.bytes(bytes) + ") and archive "
                        + Units.count(transition, "image") + "; a template acts only on repositories ECR creates"
                        + " from it, never on these");
    }

    @Override
    public String question(Planning planning, List<RepositoryResult> planned) {
        List<RepositoryResult> changing =
                planned.stream().filter(RepositoryResult::changes).toList();
        if (changing.size() == 1) {
            return (changing.get(0).status() == RepositoryStatus.WOULD_CREATE ? "Create" : "Update")
                    + " the creation template '" + changing.get(0).name() + "' of "
                    + planning.registry().describe() + "?";
        }
        return "Put " + changing.size() + " creation templates in "
                + planning.registry().describe() + "?";
    }

    /** The template, read again first: one that changed since the plan is not touched. */
    @Override
    public RepositoryResult execute(Execution execution, RepositoryResult planned) {
        Wanted wanted = wanted(planned.name());
        return Changes.notAttempted(execution, planned).orElseGet(() -> {
            Optional<CreationTemplate> now = execution.registry().creationTemplates().stream()
                    .filter(t -> t.prefix().equals(wanted.prefix()))
                    .findFirst();
            Optional<CreationTemplate> then = seen.get(execution.registry().location() + " " + wanted.prefix());
            if (then == null || !then.equals(now)) {
                return planned.with(
                        RepositoryStatus.FAILED,
                        Map.of(),
                        "template '" + wanted.prefix() + "' changed since the plan; nothing was done to it (plan"
                                + " again)");
            }
            execution.registry().putCreationTemplate(desired(wanted, now.orElse(null)), now.isEmpty());
            return planned.with(planned.status().done(), Map.of(), null);
        });
    }
}
