package io.github.ecrsweep.cli;

import java.io.PrintStream;
import java.time.Clock;

/**
 * What commands need besides their options: the clock, the registry factory, the person at the
 * terminal, policy files, and where a progress bar may go (null when standard error is not a terminal).
 */
record Context(Clock clock, RegistryFactory registries, Prompter prompter, PolicySources policies, PrintStream progress) {
}
