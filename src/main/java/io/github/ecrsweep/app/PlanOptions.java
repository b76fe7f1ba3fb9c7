package io.github.ecrsweep.app;

import java.time.Duration;

/**
 * What a plan was computed from besides the registry and the in-use sources: the selection, and the
 * command's own inputs. A plan records them, so that {@code apply} can check each decision against the
 * command that made it.
 *
 * @param olderThan           delete-untagged: the minimum age of an untagged image, or null for none
 * @param keep                delete-untagged: the newest untagged images kept per repository, or null
 * @param orphanedSignatures  delete-untagged: whether orphaned cosign tag signatures go too, or null
 * @param lifecyclePolicyText expire, put-policy, apply-all: the one policy, or null (a document of several)
 * @param archive             expire: whether transitions are archived now, or null
 * @param rulesFile           sweep: the rule file as named, or null
 * @param rulesText           sweep: the rule file's text, or null
 * @param untag               untag: the tags it removes, with its age, count and last-tag choices; or null
 * @param restore             restore: the archived images it brings back; or null
 */
public record PlanOptions(
        Selection selection,
        Duration olderThan,
        Integer keep,
        Boolean orphanedSignatures,
        String lifecyclePolicyText,
        Boolean archive,
        String rulesFile,
        String rulesText,
        io.github.ecrsweep.rules.UntagSelection untag,
        io.github.ecrsweep.rules.RestoreSelection restore) {

    public PlanOptions(
            Selection selection,
            Duration olderThan,
            Integer keep,
            Boolean orphanedSignatures,
            String lifecyclePolicyText,
            Boolean archive,
            String rulesFile,
            String rulesText) {
        this(
                selection,
                olderThan,
                keep,
                orphanedSignatures,
                lifecyclePolicyText,
                archive,
                rulesFile,
                rulesText,
                null,
                null);
    }

    /** A plan of this selection only. */
    public static PlanOptions of(Selection selection) {
        return new PlanOptions(selection, null, null, null, null, null, null, null);
    }

    /** An untag plan's: its age and count recorded as delete-untagged's are. */
    public PlanOptions withUntag(io.github.ecrsweep.rules.UntagSelection rule) {
        return new PlanOptions(
                selection,
                rule.olderThan(),
                rule.keep(),
                orphanedSignatures,
                lifecyclePolicyText,
                archive,
                rulesFile,
                rulesText,
                rule,
                restore);
    }

    /** A restore plan's. */
    public PlanOptions withRestore(io.github.ecrsweep.rules.RestoreSelection rule) {
        return new PlanOptions(
                selection,
                olderThan,
                keep,
                orphanedSignatures,
                lifecyclePolicyText,
                archive,
                rulesFile,
                rulesText,
                untag,
                rule);
    }

    public PlanOptions withUntagged(Duration newOlderThan, int newKeep, boolean newOrphanedSignatures) {
        return new PlanOptions(
                selection,
                newOlderThan,
                newKeep,
                newOrphanedSignatures,
                lifecyclePolicyText,
                archive,
                rulesFile,
                rulesText,
                untag,
                restore);
    }

    public PlanOptions withPolicy(String text, Boolean newArchive) {
        return new PlanOptions(
                selection, olderThan, keep, orphanedSignatures, text, newArchive, rulesFile, rulesText, untag, restore);
    }

    public PlanOptions withRules(String file, String text) {
        return new PlanOptions(
                selection,
                olderThan,
                keep,
                orphanedSignatures,
                lifecyclePolicyText,
                archive,
                file,
                text,
                untag,
                restore);
    }
}
