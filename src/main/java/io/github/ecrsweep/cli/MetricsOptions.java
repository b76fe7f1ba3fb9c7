package io.github.ecrsweep.cli;

import io.github.ecrsweep.app.Target;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.aws.Metrics;
import io.github.ecrsweep.report.ExitCode;
import io.github.ecrsweep.report.RunMetrics;
import io.github.ecrsweep.report.Text;
import io.github.ecrsweep.report.UserError;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --metrics cloudwatch[:NAMESPACE]} or {@code emf[:NAMESPACE]}: a run's metrics, per target and for the run,
 * to CloudWatch or, in the embedded metric format, to stderr for a Lambda's or a container's log. A failure to
 * publish is a warning.
 */
public final class MetricsOptions {

    /** The namespace when none is given. */
    static final String NAMESPACE = "ecrsweep";

    @Option(
            names = "--metrics",
            paramLabel = "WHERE",
            description = "Publish the run's metrics (images deleted and archived, bytes reclaimed, repositories"
                    + " failed, duration, calls, throttled calls; per target with Account and Region, and for the run):"
                    + " cloudwatch[:NAMESPACE] (PutMetricData), or emf[:NAMESPACE] (CloudWatch's embedded metric format"
                    + " on stderr, for a Lambda's or a container's log). Namespace: ecrsweep. Dry runs publish none.")
    String where;

    /** Refuses a destination that is none, before anything runs. */
    void check() {
        if (where != null && !where.matches("(cloudwatch|emf)(:[^:\\s][^\\s]*)?")) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--metrics " + Text.safe(where) + ": use cloudwatch, cloudwatch:NAMESPACE, emf or emf:NAMESPACE");
        }
    }

    /**
     * Publishes the metrics of each target and of the run.
     *
     * @param caller the run's first target, whose profile and region publish (without its role)
     */
    void publish(List<RunMetrics> targets, boolean dryRun, Target caller, Instant at, PrintWriter err) {
        if (where == null || dryRun || targets.isEmpty()) {
            return;
        }
        String namespace = where.contains(":") ? where.substring(where.indexOf(':') + 1) : NAMESPACE;
        List<RunMetrics> all = new ArrayList<>(targets);
        if (targets.size() > 1) {
            all.add(RunMetrics.total(targets.get(0).command(), targets));
        }
        if (where.startsWith("emf")) {
            all.forEach(m -> err.println(m.emf(namespace, at.toEpochMilli())));
            err.flush();
            return;
        }
        try {
            List<Metrics.Datum> data = new ArrayList<>();
            for (RunMetrics m : all) {
                m.data().forEach(d -> data.add(new Metrics.Datum(m.dimensions(), d.name(), d.unit(), d.value())));
            }
            Metrics.put(RegistryFactory.ownSettings(caller), namespace, data, at);
            err.println(
                    Text.safe("Metrics: " + all.size() * 7 + " values published to CloudWatch (" + namespace + ")."));
        } catch (RegistryException e) {
            err.println(Text.safe("ecrsweep: warning: the metrics were not published to CloudWatch (" + e.getMessage()
                    + "); the run's result is unchanged"));
        }
        err.flush();
    }
}
