package io.github.ecrsweep.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What commands need besides their options: the clock, the registry factory, the person at the
 * terminal, policy files, where a progress bar may go (null when standard error is not a terminal), and
 * whether this process may take over SIGINT and SIGTERM (not when commands run inside another program).
 */
record Context(Clock clock, RegistryFactory registries, Prompter prompter, PolicySources policies, Supplier<PrintStream> progress,
        boolean interruptible) {
}
