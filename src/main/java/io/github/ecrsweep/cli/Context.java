package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Progress;
import io.github.ecrsweep.app.Registries;
import java.time.Clock;
import java.util.function.IntSupplier;

/**
 * What commands need besides their options: the clock, the registry factory, the person at the
 * terminal, policy files, where progress is shown, how wide the terminal is (0: no terminal), and
 * whether this process may take over SIGINT and SIGTERM (not when commands run inside another program).
 */
record Context(
        Clock clock,
        Registries registries,
        Prompter prompter,
        PolicySources policies,
        Progress progress,
        IntSupplier columns,
        boolean interruptible) {}
