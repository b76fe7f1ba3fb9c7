package io.github.ecrsweep.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How a help page reads: a short synopsis, then the options under headings, the few a newcomer needs first
 * (which repositories, the dry run, the confirmation, the output), then safety, in-use protection, the fleet, AWS
 * and diagnostics. Every option of every command has its heading here; {@code HelpLayoutTest} fails on one that
 * has none.
 */
final class HelpLayout {

    /** The headings, in the order a help page shows them. */
    enum Heading {
        SELECTION("Selection"),
        DRY_RUN("Dry run and plans"),
        CONFIRMATION("Confirmation"),
        OUTPUT("Output"),
        SAFETY("Safety"),
        IN_USE("In use (what stays because something runs it)"),
        FLEET("Fleet (several accounts, regions or workers)"),
        AWS("AWS"),
        DIAGNOSTICS("Diagnostics and help");

        final String title;

        Heading(String title) {
            this.title = title;
        }
    }

    /** Each option, by its longest name, under its heading; a heading lists its options in this order. */
    static final Map<String, Heading> HEADINGS = ordered(
            Map.entry("--repository", Heading.SELECTION),
            Map.entry("--all", Heading.SELECTION),
            Map.entry("--include", Heading.SELECTION),
            Map.entry("--exclude", Heading.SELECTION),
            Map.entry("--older-than", Heading.SELECTION),
            Map.entry("--keep", Heading.SELECTION),
            Map.entry("--tag", Heading.SELECTION),
            Map.entry("--tag-regex", Heading.SELECTION),
            Map.entry("--group-by", Heading.SELECTION),
            Map.entry("--delete-if-last", Heading.SELECTION),
            Map.entry("--digest", Heading.SELECTION),
            Map.entry("--repository-tag", Heading.SELECTION),
            Map.entry("--stale", Heading.SELECTION),
            Map.entry("--force", Heading.SAFETY),
            Map.entry("--follow-replication", Heading.FLEET),
            Map.entry("--prefix", Heading.SELECTION),
            Map.entry("--applied-for", Heading.SELECTION),
            Map.entry("--image-tag-mutability", Heading.SELECTION),
            Map.entry("--resource-tag", Heading.SELECTION),
            Map.entry("--description", Heading.SELECTION),
            Map.entry("--encryption", Heading.SELECTION),
            Map.entry("--kms-key", Heading.SELECTION),
            Map.entry("--exclude-repository-tag", Heading.SELECTION),
            Map.entry("--newer-than", Heading.SELECTION),
            Map.entry("--max-restore", Heading.SAFETY),
            Map.entry("--orphaned-signatures", Heading.SELECTION),
            Map.entry("--policy", Heading.SELECTION),
            Map.entry("--rules", Heading.SELECTION),
            Map.entry("--from", Heading.SELECTION),
            Map.entry("--no-archive", Heading.SELECTION),
            Map.entry("--images", Heading.SELECTION),
            Map.entry("--untagged", Heading.SELECTION),
            Map.entry("--dry-run", Heading.DRY_RUN),
            Map.entry("--explain", Heading.DRY_RUN),
            Map.entry("--out", Heading.DRY_RUN),
            Map.entry("--detailed-exitcode", Heading.DRY_RUN),
            Map.entry("--check", Heading.DRY_RUN),
            Map.entry("--expect-sha256", Heading.DRY_RUN),
            Map.entry("--max-age", Heading.DRY_RUN),
            Map.entry("--snapshot", Heading.DRY_RUN),
            Map.entry("--now", Heading.DRY_RUN),
            Map.entry("--yes", Heading.CONFIRMATION),
            Map.entry("--output", Heading.OUTPUT),
            Map.entry("--report", Heading.OUTPUT),
            Map.entry("--notify", Heading.OUTPUT),
            Map.entry("--notify-on", Heading.OUTPUT),
            Map.entry("--max-bytes", Heading.OUTPUT),
            Map.entry("--audit-log", Heading.OUTPUT),
            Map.entry("--metrics", Heading.OUTPUT),
            Map.entry("--wide", Heading.OUTPUT),
            Map.entry("--show-images", Heading.OUTPUT),
            Map.entry("--text", Heading.OUTPUT),
            Map.entry("--max-delete", Heading.SAFETY),
            Map.entry("--max-delete-total", Heading.SAFETY),
            Map.entry("--keep-pulled-within", Heading.SAFETY),
            Map.entry("--in-use", Heading.IN_USE),
            Map.entry("--in-use-file", Heading.IN_USE),
            Map.entry("--in-use-k8s", Heading.IN_USE),
            Map.entry("--in-use-k8s-context", Heading.IN_USE),
            Map.entry("--in-use-optional", Heading.IN_USE),
            Map.entry("--in-use-within", Heading.IN_USE),
            Map.entry("--keep-task-definitions", Heading.IN_USE),
            Map.entry("--why", Heading.IN_USE),
            Map.entry("--pin-file", Heading.IN_USE),
            Map.entry("--targets", Heading.FLEET),
            Map.entry("--account", Heading.FLEET),
            Map.entry("--role-name", Heading.FLEET),
            Map.entry("--org-accounts", Heading.FLEET),
            Map.entry("--org-unit", Heading.FLEET),
            Map.entry("--exclude-account", Heading.FLEET),
            Map.entry("--include-management-account", Heading.FLEET),
            Map.entry("--shard", Heading.FLEET),
            Map.entry("--parallel", Heading.FLEET),
            Map.entry("--run-id", Heading.FLEET),
            Map.entry("--merge-into", Heading.FLEET),
            Map.entry("--region", Heading.AWS),
            Map.entry("--profile", Heading.AWS),
            Map.entry("--role-arn", Heading.AWS),
            Map.entry("--external-id", Heading.AWS),
            Map.entry("--role-session-name", Heading.AWS),
            Map.entry("--registry-id", Heading.AWS),
            Map.entry("--endpoint-url", Heading.AWS),
            Map.entry("--allow-insecure-endpoint", Heading.AWS),
            Map.entry("--max-attempts", Heading.AWS),
            Map.entry("--max-rate", Heading.AWS),
            Map.entry("--manifest-cache", Heading.AWS),
            Map.entry("--no-manifest-cache", Heading.AWS),
            Map.entry("--verbose", Heading.DIAGNOSTICS),
            Map.entry("--stats", Heading.DIAGNOSTICS),
            Map.entry("--stacktrace", Heading.DIAGNOSTICS),
            Map.entry("--help", Heading.DIAGNOSTICS),
            Map.entry("--version", Heading.DIAGNOSTICS));

    private HelpLayout() {}

    @SafeVarargs
    private static Map<String, Heading> ordered(Map.Entry<String, Heading>... entries) {
        Map<String, Heading> map = new LinkedHashMap<>();
        for (Map.Entry<String, Heading> e : entries) {
            map.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * The options in the order {@link #HEADINGS} gives them; those it does not name last, by name.
     */
    private static final Comparator<OptionSpec> ORDER = new Comparator<>() {
        private final List<String> names = List.copyOf(HEADINGS.keySet());

        @Override
        public int compare(OptionSpec a, OptionSpec b) {
            int byHeading = Integer.compare(rank(a), rank(b));
            return byHeading != 0 ? byHeading : a.longestName().compareTo(b.longestName());
        }

        private int rank(OptionSpec o) {
            int i = names.indexOf(o.longestName());
            return i < 0 ? Integer.MAX_VALUE : i;
        }
    };

    /** The heading of an option; empty for one no heading names (a test keeps that from happening). */
    static Optional<Heading> headingOf(OptionSpec option) {
        return Optional.ofNullable(HEADINGS.get(option.longestName()));
    }

    /** Lays out the help of {@code cmd} and of every command below it. */
    static void apply(CommandLine cmd) {
        UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
        // The full synopsis of a changing command runs to twenty lines; the headings below say it better.
        if (cmd.getCommandSpec().options().size() > 8) {
            usage.abbreviateSynopsis(true);
        }
        usage.sectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, new IHelpSectionRenderer() {
            @Override
            public String render(Help help) {
                return "";
            }
        });
        usage.sectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, new IHelpSectionRenderer() {
            @Override
            public String render(Help help) {
                return options(help);
            }
        });
        for (CommandLine sub : cmd.getSubcommands().values()) {
            apply(sub);
        }
    }

    /** The options of a help page, under their headings, aligned as one table. */
    private static String options(Help help) {
        List<OptionSpec> all = new ArrayList<>();
        for (OptionSpec o : help.commandSpec().options()) {
            if (!o.hidden()) {
                all.add(o);
            }
        }
        StringBuilder page = new StringBuilder();
        for (Heading h : Heading.values()) {
            List<OptionSpec> under = new ArrayList<>();
            for (OptionSpec o : all) {
                if (headingOf(o).orElse(Heading.SELECTION) == h) {
                    under.add(o);
                }
            }
            if (under.isEmpty()) {
                continue;
            }
            page.append(String.format("%n%s:%n", h.title));
            page.append(help.optionListExcludingGroups(under, layout(help, all), ORDER, help.parameterLabelRenderer()));
        }
        return page.toString();
    }

    /** One layout for every heading of a page, so that the descriptions line up from one heading to the next. */
    private static Help.Layout layout(Help help, List<OptionSpec> all) {
        return help.createDefaultLayout(all, List.of(), help.colorScheme());
    }
}
