package io.github.ecrsweep.app;

import io.github.ecrsweep.report.CommandName;
import io.github.ecrsweep.rules.LifecyclePolicy;
import io.github.ecrsweep.rules.RuleSet;
import io.github.ecrsweep.rules.UntaggedSelection;
import java.util.Map;

/** What a changing command asks for: built by the command from its options, carried out by {@link ChangeService}. */
public sealed interface ChangeRequest
        permits ChangeRequest.DeleteUntagged,
                ChangeRequest.PutPolicy,
                ChangeRequest.Expire,
                ChangeRequest.Sweep,
                ChangeRequest.DeletePolicy,
                ChangeRequest.ApplyPlan {

    /** The command's name, for reports. */
    CommandName command();

    Selection selection();

    Guards guards();

    /** Whether kept images are listed too, with their reasons; no, for a request that lists no images. */
    default boolean explain() {
        return false;
    }

    /**
     * What is in use and must not be deleted (delete-untagged), or must be flagged (a lifecycle preview);
     * nothing, for a request that reads no in-use source.
     */
    default InUseRequest inUse() {
        return InUseRequest.none();
    }

    /** Delete the untagged images of the selected repositories. */
    record DeleteUntagged(
            Selection selection, UntaggedSelection rule, Guards guards, boolean explain, InUseRequest inUse)
            implements ChangeRequest {

        public DeleteUntagged(Selection selection, UntaggedSelection rule, Guards guards, boolean explain) {
            this(selection, rule, guards, explain, InUseRequest.none());
        }

        @Override
        public CommandName command() {
            return CommandName.DELETE_UNTAGGED;
        }
    }

    /**
     * Put a lifecycle policy on the selected repositories (put-policy: one; apply-all: many).
     *
     * @param text   the policy as written, which is what is put
     * @param policy the same, validated
     */
    record PutPolicy(
            CommandName command,
            Selection selection,
            String text,
            LifecyclePolicy policy,
            Guards guards,
            boolean explain,
            InUseRequest inUse,
            Map<String, Desired> byRepository)
            implements ChangeRequest {

        /**
         * One repository's policy as a document of get-policy wants it.
         *
         * @param text   the text to put, or null when the repository should have no policy
         * @param policy the same, validated; null with {@code text}
         */
        public record Desired(String text, LifecyclePolicy policy) {}

        public PutPolicy {
            byRepository = Map.copyOf(byRepository);
        }

        public PutPolicy(
                CommandName command,
                Selection selection,
                String text,
                LifecyclePolicy policy,
                Guards guards,
                boolean explain) {
            this(command, selection, text, policy, guards, explain, InUseRequest.none(), Map.of());
        }

        /** What the repository should have: the one policy, or its own from the document; null when not in it. */
        public Desired desired(String repository) {
            return byRepository.isEmpty() ? new Desired(text, policy) : byRepository.get(repository);
        }
    }

    /**
     * Evaluate a lifecycle policy now and do what it decides: delete what it expires, and with
     * {@code archive} archive what it transitions; an image in use stays.
     */
    record Expire(
            Selection selection,
            LifecyclePolicy policy,
            Guards guards,
            boolean explain,
            InUseRequest inUse,
            boolean archive)
            implements ChangeRequest {
        @Override
        public CommandName command() {
            return CommandName.EXPIRE;
        }
    }

    /**
     * Sweep by a rule file: each selected repository that a block of the file covers is planned by that
     * block's rules, never lists and the in-use protection; the plan's deletions and archives are done.
     *
     * @param file the rule file's name, for reports and the prompt
     */
    record Sweep(Selection selection, String file, RuleSet rules, Guards guards, boolean explain, InUseRequest inUse)
            implements ChangeRequest {
        @Override
        public CommandName command() {
            return CommandName.SWEEP;
        }
    }

    /** Delete the lifecycle policy of the selected repositories. */
    record DeletePolicy(Selection selection, Guards guards) implements ChangeRequest {
        @Override
        public CommandName command() {
            return CommandName.DELETE_POLICY;
        }
    }

    /**
     * Execute a reviewed plan (written with {@code --dry-run --out}) exactly as reviewed, or less: refused
     * for another account or region, a plan of snapshot files, or one older than {@code maxAge}; an image
     * whose tags or presence changed since is skipped, as the re-check before each batch does.
     */
    record ApplyPlan(io.github.ecrsweep.registry.plan.PlanFile plan, Guards guards, java.time.Duration maxAge)
            implements ChangeRequest {
        @Override
        public CommandName command() {
            return CommandName.APPLY;
        }

        @Override
        public Selection selection() {
            return new Selection(
                    plan.repositories().stream()
                            .filter(io.github.ecrsweep.registry.plan.PlanFile.RepositoryPlan::changes)
                            .map(io.github.ecrsweep.registry.plan.PlanFile.RepositoryPlan::name)
                            .toList(),
                    false,
                    java.util.List.of(),
                    java.util.List.of(),
                    false);
        }
    }
}
