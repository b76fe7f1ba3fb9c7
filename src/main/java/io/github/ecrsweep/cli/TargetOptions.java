package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Target;
import io.github.ecrsweep.app.TargetChoice;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The one target of a command that acts in one account and region: snapshot files, or a region, a profile and
 * perhaps a role to assume.
 */
public final class TargetOptions {

    /** Files, or a registry of AWS: one or the other. */
    static final class Where {
        @Option(
                names = "--snapshot",
                paramLabel = "FILE",
                required = true,
                description = "Read repositories and images from this file instead of AWS (repeatable): 'aws ecr"
                        + " describe-images' output or an ecrsweep export (list --images --all -o json). Nothing is ever"
                        + " changed.")
        List<Path> snapshots = new ArrayList<>();

        @ArgGroup(exclusive = false, multiplicity = "1")
        Named named;
    }

    /** A region, a profile and a role. */
    static final class Named {
        @Option(
                names = "--region",
                paramLabel = "REGION",
                description = "AWS region, e.g. eu-west-1 (default: the SDK's chain: AWS_REGION, the profile).")
        List<String> regions = new ArrayList<>();

        @Option(
                names = "--profile",
                paramLabel = "NAME",
                description = "Named profile of the AWS config files (default: AWS_PROFILE or 'default'); SSO and"
                        + " role profiles work.")
        List<String> profiles = new ArrayList<>();

        @ArgGroup(exclusive = false, multiplicity = "0..1")
        Role role;
    }

    /** A role to assume, with the external id its trust policy asks for. */
    static final class Role {
        @Option(
                names = "--role-arn",
                paramLabel = "ARN",
                required = true,
                converter = FleetOptions.RoleArn.class,
                description = "Assume this role (STS AssumeRole, with the profile's or default credentials) and act"
                        + " in its account.")
        List<String> arns = new ArrayList<>();

        @Option(
                names = "--external-id",
                paramLabel = "ID",
                description = "The external id the role's trust policy asks for.")
        String externalId;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Where where;

    @Option(
            names = "--role-session-name",
            paramLabel = "NAME",
            defaultValue = "ecrsweep",
            converter = FleetOptions.SessionName.class,
            description = "The session name of an assumed role, as CloudTrail shows it (default: ${DEFAULT-VALUE}).")
    String roleSessionName = "ecrsweep";

    /** Whether the options name a region or a role (not only a profile). */
    boolean named() {
        return where != null && where.named != null && (!where.named.regions.isEmpty() || where.named.role != null);
    }

    /** The profile the options name, or null. */
    String profile() {
        return where == null || where.named == null || where.named.profiles.isEmpty()
                ? null
                : where.named.profiles.get(0);
    }

    boolean usesSnapshots() {
        return where != null && !where.snapshots.isEmpty();
    }

    TargetChoice choice(Target.Access access) {
        return choice(access, null);
    }

    /** The target, in {@code defaultRegion} (when not null) unless --region names another. */
    TargetChoice choice(Target.Access access, String defaultRegion) {
        if (where == null) {
            return TargetChoice.of(List.of(), defaultRegion, null, access);
        }
        if (!where.snapshots.isEmpty()) {
            return TargetChoice.of(where.snapshots, null, null, access);
        }
        Named n = where.named;
        List<String> arns = n.role == null ? List.of() : n.role.arns;
        if (n.regions.stream().distinct().count() > 1
                || n.profiles.stream().distinct().count() > 1
                || arns.stream().distinct().count() > 1) {
            // Several of one is a value the options can hold but this command cannot act on.
            throw new UserError(
                    ExitCode.USAGE,
                    "this command acts on one account and region: give --region, --profile and --role-arn once"
                            + " each; several targets are for delete-untagged, expire, sweep, put-policy, apply-all"
                            + " and delete-policy");
        }
        return new TargetChoice(
                List.of(),
                List.of(),
                n.profiles,
                n.regions.isEmpty() && defaultRegion != null ? List.of(defaultRegion) : n.regions,
                arns,
                null,
                List.of(),
                false,
                List.of(),
                List.of(),
                false,
                n.role == null ? null : n.role.externalId,
                roleSessionName,
                access);
    }
}
