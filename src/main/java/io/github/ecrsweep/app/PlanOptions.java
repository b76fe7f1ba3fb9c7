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
 */
public record PlanOptions(
        Selection selection,
        Duration olderThan,
        Integer keep,
        Boolean orphanedSignatures,
        String lifecyclePolicyText,
        Boolean archive,
        String rulesFile,
        String rulesText) {

    /** A plan of this selection only. */
    public static PlanOptions of(Selection selection) {
        return new PlanOptions(selection, null, null, null, null, null, null, null);
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
                rulesText);
    }

    public PlanOptions withPolicy(String text, Boolean newArchive) {
        return new PlanOptions(selection, olderThan, keep, orphanedSignatures, text, newArchive, rulesFile, rulesText);
    }

    public PlanOptions withRules(String file, String text) {
        return new PlanOptions(
                selection, olderThan, keep, orphanedSignatures, lifecyclePolicyText, archive, file, text);
    }
}
