package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Diagnostics;
import io.github.ecrsweep.app.Registries;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Builds the configured {@link CommandLine}: commands wired by constructor, one-line errors, contract exit codes. */
public final class Cli {

    private Cli() {}

    /**
     * What the commands need from the outside world.
     *
     * @param progress where progress bars go: asked only when one would be drawn; null from it when standard
     *                 error is not a terminal
     */
    public record Environment(
            PrintWriter out,
            PrintWriter err,
            Supplier<InputStream> stdin,
            Clock clock,
            Registries registries,
            Prompter prompter,
            Supplier<PrintStream> progress,
            IntSupplier columns,
            boolean handlesSignals) {

        /**
         * No person, no terminal, no standard input, both streams to {@code sink}, the real registries: for runs
         * that only build or exercise the commands.
         */
        public static Environment unattended(PrintWriter sink) {
            return new Environment(
                    sink,
                    sink,
                    InputStream::nullInputStream,
                    Clock.systemUTC(),
                    RegistryFactory.standard(),
                    terminalPrompter(),
                    () -> null,
                    () -> 0,
                    false);
        }

        /**
         * This process's: output to {@code out} and {@code err}, its standard input, the system clock, the real
         * registries, the person at its terminal, progress bars on standard error when it is a terminal, and its
         * signals handled.
         */
        public static Environment process(PrintWriter out, PrintWriter err) {
            return new Environment(
                    out,
                    err,
                    () -> System.in,
                    Clock.systemUTC(),
                    RegistryFactory.standard(),
                    terminalPrompter(),
                    progressOnTerminal(),
                    terminalColumns(),
                    true);
        }
    }

    /** The person at this process's terminal, asked on the controlling terminal. */
    public static Prompter terminalPrompter() {
        return Terminal.prompter();
    }

    /** The columns of the terminal standard output shows, or 0; asked when a table is printed. */
    public static IntSupplier terminalColumns() {
        return Terminal::columns;
    }

    /** Standard error for progress bars, when it is a terminal; null otherwise. Decided when first asked. */
    public static Supplier<PrintStream> progressOnTerminal() {
        return () -> Terminal.isTerminal(2) ? System.err : null;
    }

    /** One diagnostic line on stderr, with text from outside made safe to print. */
    static void error(PrintWriter err, String message) {
        err.println("ecrsweep: " + Text.safe(message));
        err.flush();
    }

    /** Warnings and errors of the application layer, as lines on stderr. */
    static Diagnostics diagnostics(PrintWriter err) {
        return new Diagnostics() {
            @Override
            public void warn(String message) {
                Cli.warn(err, message);
            }

            @Override
            public void error(String message) {
                Cli.error(err, message);
            }

            @Override
            public void note(String message) {
                err.println(Text.safe(message));
                err.flush();
            }
        };
    }

    /** One warning line on stderr: the run goes on, but the user should know. */
    static void warn(PrintWriter err, String message) {
        error(err, "warning: " + message);
    }

    /** The package of ecrsweep's own classes. */
    private static final String OWN = "io.github.ecrsweep.";

    /** The commands, in the order the help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(
            ListCommand.class,
            DeleteUntaggedCommand.class,
            UntagCommand.class,
            RestoreCommand.class,
            DeleteRepositoryCommand.class,
            PutPolicyCommand.class,
            ApplyAllCommand.class,
            GetPolicyCommand.class,
            GetTemplatesCommand.class,
            PutTemplateCommand.class,
            ApplyTemplatesCommand.class,
            DeletePolicyCommand.class,
            CopyPolicyCommand.class,
            ExpireCommand.class,
            SweepCommand.class,
            ApplyCommand.class,
            ScanInUseCommand.class,
            ReportCommand.class,
            ValidateCommand.class,
            HelpCommand.class,
            AutoComplete.GenerateCompletion.class);

    /** The command line with every command: for help, completion scripts and tests. */
    public static CommandLine create(Environment env) {
        return create(env, (String[]) null);
    }

    /**
     * The command line for one run: only the command {@code args} name is built (building the model of every
     * command and its options is most of the start of a run), and every command when the run needs them all:
     * no command named, an unknown one (the error lists them), or {@code help} and completion scripts.
     */
    public static CommandLine create(Environment env, String... args) {
        PolicySources sources = new PolicySources(env.stdin());
        Context context = new Context(
                env.clock(),
                Context.ticker(env.clock()),
                env.registries(),
                RegistryFactory.inUseSources(env.stdin()),
                RegistryFactory.organization(),
                env.prompter(),
                sources,
                new ProgressBars(env.progress(), env.err(), System::nanoTime),
                env.columns(),
                env.handlesSignals());
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

            /**
             * Every command of ecrsweep is made with the run's context, its other classes (option groups,
             * converters) with their constructor of no arguments, and picocli's own classes as picocli makes them.
             * picocli's factory first tries a constructor that is not public without access, and makes a stack
             * trace of the refusal each time, before it asks for access: a tenth of the exceptions of a run.
             */
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                java.lang.reflect.Constructor<?> plain = null;
                for (java.lang.reflect.Constructor<?> c : cls.getDeclaredConstructors()) {
                    if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Context.class) {
                        return cls.cast(c.newInstance(context));
                    }
                    if (c.getParameterCount() == 0) {
                        plain = c;
                    }
                }
                if (plain != null && cls.getName().startsWith(OWN)) {
                    plain.setAccessible(true);
                    return cls.cast(plain.newInstance());
                }
                return fallback.create(cls);
            }
        };
        CommandLine cmd = new CommandLine(new EcrSweepCommand(), factory);
        for (Class<?> command : commandsFor(args)) {
            cmd.addSubcommand(command);
        }
        cmd.setOut(env.out());
        cmd.setErr(env.err());
        // '@file' would read arguments from any file named on the command line; nothing here needs it.
        cmd.setExpandAtFiles(false);
        // -o JSON as -o json, as the AWS CLI takes it.
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionStrategy(Logging.strategy());
        cmd.setExitCodeExceptionMapper(new CommandLine.IExitCodeExceptionMapper() {
            @Override
            public int getExitCode(Throwable t) {
                return exitCodeOf(t);
            }
        });
        cmd.setParameterExceptionHandler(parameterErrors());
        cmd.setExecutionExceptionHandler(executionErrors());
        listExitCodes(cmd);
        HelpLayout.apply(cmd);
        return cmd;
    }

    /**
     * The commands a run with these arguments needs. The root's own options take no value, so the first
     * argument that is not an option names the command.
     */
    static List<Class<?>> commandsFor(String[] args) {
        if (args == null) {
            return COMMANDS;
        }
        for (String arg : args) {
            if (arg.startsWith("-")) {
                if (arg.equals("--")) {
                    return COMMANDS;
                }
                continue;
            }
            for (Class<?> command : COMMANDS) {
                Command spec = command.getAnnotation(Command.class);
                boolean named =
                        spec.name().equals(arg) || List.of(spec.aliases()).contains(arg);
                if (named) {
                    // help and completion scripts read the other commands.
                    return command == HelpCommand.class || command == AutoComplete.GenerateCompletion.class
                            ? COMMANDS
                            : List.of(command);
                }
            }
            return COMMANDS;
        }
        // Only options: --version and --help need no command, anything else is refused with their list.
        for (String arg : args) {
            if (!arg.equals("--version") && !arg.equals("-V")) {
                return COMMANDS;
            }
        }
        return args.length == 0 ? COMMANDS : List.of();
    }

    /** Every command lists the contract's exit codes in its help, unless it declares more specific ones. */
    private static void listExitCodes(CommandLine cmd) {
        if (cmd.getCommandSpec().usageMessage().exitCodeList().isEmpty()) {
            Map<String, String> codes = new LinkedHashMap<>();
            for (ExitCode c : ExitCode.values()) {
                codes.put(String.valueOf(c.code()), c.meaning());
            }
            cmd.getCommandSpec()
                    .usageMessage()
                    .exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(codes);
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            listExitCodes(sub);
        }
    }

    private static int exitCodeOf(Throwable t) {
        if (t instanceof UserError e) {
            return e.exitCode().code();
        }
        if (t instanceof RegistryException e) {
            return switch (e.kind()) {
                case INVALID_SNAPSHOT, PROFILE_NOT_FOUND, INSECURE_ENDPOINT -> ExitCode.USAGE.code();
                default -> ExitCode.FAILED.code();
            };
        }
        if (t instanceof ParameterException) {
            return ExitCode.USAGE.code();
        }
        return ExitCode.FAILED.code();
    }

    private static IParameterExceptionHandler parameterErrors() {
        return new IParameterExceptionHandler() {
            @Override
            public int handleParseException(ParameterException ex, String[] args) {
                CommandLine cmd = ex.getCommandLine();
                PrintWriter err = cmd.getErr();
                // picocli's own messages start with "Error: "; the line already says who speaks.
                String message =
                        ex.getMessage().startsWith("Error: ") ? ex.getMessage().substring(7) : ex.getMessage();
                if (ex instanceof CommandLine.UnmatchedArgumentException u
                        && !u.getUnmatched().isEmpty()) {
                    String first = u.getUnmatched().get(0);
                    if (cmd.getCommandSpec().parent() == null && !first.startsWith("-")) {
                        List<String> near = io.github.ecrsweep.rules.Names.closest(
                                first, cmd.getSubcommands().keySet(), 1);
                        message = "unknown command '" + first + "'"
                                + (near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?")
                                + "; the commands are "
                                + String.join(", ", cmd.getSubcommands().keySet());
                    } else if (first.startsWith("-")) {
                        message = message + awsCliHint(first, u.getSuggestions());
                    }
                }
                err.println("ecrsweep: " + Text.safe(message) + " (see '"
                        + cmd.getCommandSpec().qualifiedName() + " --help')");
                if (wantsStackTrace(cmd.getParseResult())) {
                    ex.printStackTrace(err);
                }
                err.flush();
                return ExitCode.USAGE.code();
            }
        };
    }

    /**
     * What an option the command does not know most likely meant: an AWS CLI option ecrsweep answers otherwise,
     * or the nearest of its own.
     */
    private static String awsCliHint(String option, List<String> suggestions) {
        String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
        return switch (name) {
            case "--no-cli-pager", "--no-paginate" -> "; ecrsweep pages nothing: leave it out";
            case "--debug" ->
                "; for what ecrsweep does use -v (its steps), -vv (also the AWS SDK's requests)" + " or --stacktrace";
            case "--query" -> "; ecrsweep has no JMESPath: use -o json and jq (e.g. -o json | jq '.summary')";
            case "--output" -> "";
            default -> suggestions.isEmpty() ? "" : "; did you mean " + suggestions.get(0) + "?";
        };
    }

    private static IExecutionExceptionHandler executionErrors() {
        return new IExecutionExceptionHandler() {
            @Override
            public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
                PrintWriter err = cmd.getErr();
                if (ex instanceof UserError || ex instanceof RegistryException) {
                    error(err, ex.getMessage());
                } else if (outOfMemory(ex)) {
                    heapRanOut(err);
                } else {
                    // Unknown failures are not swallowed: the line names the type so a bug report can start from it.
                    error(err, "unexpected error: " + describe(ex) + " (run again with --stacktrace for details)");
                }
                if (wantsStackTrace(parseResult)) {
                    StringWriter trace = new StringWriter();
                    ex.printStackTrace(new PrintWriter(trace));
                    err.print(trace.toString()
                            .lines()
                            .map(Text::safe)
                            .collect(java.util.stream.Collectors.joining(
                                    System.lineSeparator(), "", System.lineSeparator())));
                }
                err.flush();
                return exitCodeOf(ex);
            }
        };
    }

    /**
     * Says that the heap ran out, the same line whether the command failed so or the heap ran out around it (while
     * the command line was built or read); returns the exit code. The early read of the snapshots is let go first:
     * it is what most likely filled the heap, and the line needs a little of it.
     */
    public static int heapRanOut(PrintWriter err) {
        EarlySnapshot.cancel();
        err.println(OUT_OF_MEMORY);
        err.flush();
        return ExitCode.FAILED.code();
    }

    /** The line, made before the heap is full: said when it is, it needs no more of it than the writing does. */
    private static final String OUT_OF_MEMORY =
            "ecrsweep: " + outOfMemoryMessage(Runtime.getRuntime().maxMemory());

    /** Whether the heap ran out, here or in a cause. */
    private static boolean outOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** What to do when the heap is too small for the input: the option that gives it more, for both ways to run. */
    static String outOfMemoryMessage(long maxHeapBytes) {
        long mib = maxHeapBytes / (1024 * 1024);
        long more = Math.max(1024, Long.highestOneBit(Math.max(1, mib)) * 4);
        return "out of memory: the Java heap (at most " + mib + " MiB) is too small for this input; run again with"
                + " more, e.g. ECRSWEEP_JAVA_OPTS=-Xmx" + more + "m (with java -jar: java -Xmx" + more + "m -jar ...)";
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    static boolean wantsStackTrace(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }
}
