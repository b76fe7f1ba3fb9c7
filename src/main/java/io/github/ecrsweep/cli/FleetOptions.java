package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Target;
import io.github.ecrsweep.app.TargetChoice;
import io.github.ecrsweep.registry.InputFile;
import io.github.ecrsweep.registry.aws.TargetsFile;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import io.github.ecrsweep.rules.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The targets of a changing command, as declared option groups: snapshot files, or a targets file, or
 * profiles × roles × regions, where the roles are ARNs or one role name in some accounts or in the accounts of
 * the caller's organization. Which options go together is picocli's to check; nothing is asked of AWS here.
 */
public final class FleetOptions {

    /** Files, a targets file, or targets named one by one: one of them. */
    static final class Where {
        @Option(
                names = "--snapshot",
                paramLabel = "FILE",
                required = true,
                description = "Read repositories and images from this file instead of AWS (repeatable): 'aws ecr"
                        + " describe-images' output or an ecrsweep export (list --images --all -o json). Nothing is ever"
                        + " changed.")
        List<Path> snapshots = new ArrayList<>();

        @Option(
                names = "--targets",
                paramLabel = "FILE",
                required = true,
                description = "The run's targets from a file (JSON or YAML, kind: ecrsweep-targets): accounts with a"
                        + " role name, role ARNs and profiles, each in its regions; instead of --region, --profile,"
                        + " --role-arn, --account and --org-accounts.")
        Path targetsFile;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Named named;
    }

    /** Regions, profiles and roles, each target one of each. */
    static final class Named {
        @Option(
                names = "--region",
                paramLabel = "REGION",
                split = ",",
                description = "AWS region, e.g. eu-west-1 (default: the SDK's chain: AWS_REGION, the profile);"
                        + " repeatable: one target per region.")
        List<String> regions = new ArrayList<>();

        @Option(
                names = "--profile",
                paramLabel = "NAME",
                description = "Named profile of the AWS config files (default: AWS_PROFILE or 'default'); SSO and"
                        + " role profiles work; repeatable: one target per profile.")
        List<String> profiles = new ArrayList<>();

        @ArgGroup(exclusive = false, multiplicity = "0..1")
        Roles roles;
    }

    /** The roles to assume, with the external id their trust policies ask for. */
    static final class Roles {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        @Option(
                names = "--external-id",
                paramLabel = "ID",
                description = "The external id the roles' trust policies ask for.")
        String externalId;
    }

    /** Role ARNs, or one role name in some accounts. */
    static final class Which {
        @Option(
                names = "--role-arn",
                paramLabel = "ARN",
                required = true,
                converter = RoleArn.class,
                description = "Assume this role (STS AssumeRole, with the profile's or default credentials) and act"
                        + " in its account; repeatable: one target per role.")
        List<String> roleArns = new ArrayList<>();

        @ArgGroup(exclusive = false, multiplicity = "1")
        RoleInAccounts named;
    }

    /** One role name, in the accounts named or in the organization's. */
    static final class RoleInAccounts {
        @Option(
                names = "--role-name",
                paramLabel = "NAME",
                required = true,
                converter = RoleName.class,
                description = "Assume the role of this name in each account of --account (or --org-accounts).")
        String roleName;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Accounts accounts;
    }

    /** The accounts a role name is assumed in. */
    static final class Accounts {
        @Option(
                names = "--account",
                paramLabel = "ID",
                split = ",",
                required = true,
                converter = Account.class,
                description = "With --role-name: the accounts to act in (repeatable, or comma-separated).")
        List<String> accounts = new ArrayList<>();

        @ArgGroup(exclusive = false, multiplicity = "1")
        OrganizationAccounts organization;
    }

    /** Every ACTIVE account of the caller's organization, or of some of its units. */
    static final class OrganizationAccounts {
        @Option(
                names = "--org-accounts",
                required = true,
                description = "With --role-name: act in every ACTIVE account of the caller's AWS Organization (read"
                        + " with the run's credentials: the management account or a delegated administrator).")
        boolean all;

        @Option(
                names = "--org-unit",
                paramLabel = "ID",
                split = ",",
                converter = OrgUnit.class,
                description = "With --org-accounts: only the accounts of these organizational units (ou-...) or roots"
                        + " (r-...), and of the units below them (repeatable).")
        List<String> units = new ArrayList<>();

        @Option(
                names = "--exclude-account",
                paramLabel = "ID",
                split = ",",
                converter = Account.class,
                description = "With --org-accounts: leave these accounts out (repeatable, or comma-separated).")
        List<String> excluded = new ArrayList<>();

        @Option(
                names = "--include-management-account",
                description = "With --org-accounts: act in the organization's management account too; it is left"
                        + " out by default, and the run says so.")
        boolean management;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Where where;

    @Option(
            names = "--role-session-name",
            paramLabel = "NAME",
            defaultValue = "ecrsweep",
            converter = SessionName.class,
            description = "The session name of assumed roles, as CloudTrail shows it (default: ${DEFAULT-VALUE}).")
    String roleSessionName = "ecrsweep";

    boolean usesSnapshots() {
        return where != null && !where.snapshots.isEmpty();
    }

    /** The run's targets as the options name them; a targets file is read and checked here, nothing else is read. */
    TargetChoice choice(Target.Access access) {
        if (where == null) {
            return TargetChoice.of(List.of(), null, null, access);
        }
        if (!where.snapshots.isEmpty()) {
            return TargetChoice.of(where.snapshots, null, null, access);
        }
        if (where.targetsFile != null) {
            TargetsFile.Read read = readFile(where.targetsFile);
            TargetsFile.Organization org = read.organization();
            return new TargetChoice(
                    List.of(),
                    targets(read, access),
                    org == null || org.profile() == null ? List.of() : List.of(org.profile()),
                    org == null ? List.of() : org.regions(),
                    List.of(),
                    org == null ? null : org.roleName(),
                    List.of(),
                    org != null,
                    org == null ? List.of() : org.units(),
                    org == null ? List.of() : org.excludeAccounts(),
                    org != null && org.includeManagementAccount(),
                    org == null ? null : org.externalId(),
                    roleSessionName,
                    access);
        }
        Named n = where.named;
        Roles roles = n.roles;
        Which which = roles == null ? null : roles.which;
        RoleInAccounts inAccounts = which == null ? null : which.named;
        Accounts accounts = inAccounts == null ? null : inAccounts.accounts;
        return new TargetChoice(
                List.of(),
                List.of(),
                n.profiles,
                n.regions,
                which == null ? List.of() : which.roleArns,
                inAccounts == null ? null : inAccounts.roleName,
                accounts == null ? List.of() : accounts.accounts,
                accounts != null && accounts.organization != null,
                accounts == null || accounts.organization == null ? List.of() : accounts.organization.units,
                accounts == null || accounts.organization == null ? List.of() : accounts.organization.excluded,
                accounts != null && accounts.organization != null && accounts.organization.management,
                roles == null ? null : roles.externalId,
                roleSessionName,
                access);
    }

    /** --targets FILE, read and checked. */
    private static TargetsFile.Read readFile(Path file) {
        String name = Text.safe(file.toString());
        String text;
        try {
            text = InputFile.read(file, 1 << 20, "targets file");
        } catch (InputFile.UnreadableException e) {
            throw new UserError(ExitCode.USAGE, "cannot read targets file '" + name + "': " + e.getMessage(), e);
        }
        TargetsFile.Read read = TargetsFile.read(text);
        if (!read.problems().isEmpty()) {
            throw new UserError(
                    ExitCode.USAGE, "invalid targets file '" + name + "': " + Problem.oneLine(read.problems()));
        }
        return read;
    }

    /** The targets a targets file lists itself. */
    private List<Target> targets(TargetsFile.Read read, Target.Access access) {
        return read.targets().stream()
                .map(e -> new Target(
                        List.of(),
                        e.region(),
                        e.profile(),
                        e.roleArn() == null
                                ? null
                                : new io.github.ecrsweep.registry.AssumedRole(
                                        e.roleArn(), e.externalId(), roleSessionName),
                        access))
                .toList();
    }

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern ORG_UNIT = Pattern.compile("ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32}");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    private static String checked(String value, Pattern pattern, String problem) {
        if (!pattern.matcher(value).matches()) {
            throw new TypeConversionException("'" + Text.safe(value) + "' " + problem);
        }
        return value;
    }

    static final class RoleArn implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return checked(value, ROLE_ARN, "is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
        }
    }

    static final class RoleName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return checked(value, ROLE_NAME, "is not a role name (1 to 64 letters, digits or +=,.@_-)");
        }
    }

    static final class Account implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return checked(value, ACCOUNT, "is not an account id (12 digits)");
        }
    }

    static final class OrgUnit implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return checked(value, ORG_UNIT, "is not an organizational unit (ou-...) or root (r-...)");
        }
    }

    static final class SessionName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return checked(value, SESSION_NAME, "must be 2 to 64 letters, digits or +=,.@_-");
        }
    }
}
