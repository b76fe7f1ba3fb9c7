package io.github.ecrsweep.registry.aws;

import io.github.ecrsweep.registry.inuse.InUseReference;
import io.github.ecrsweep.registry.inuse.References;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionCodeLocation;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.PackageType;

/**
 * The images Lambda functions run: for every function of package type Image, {@code $LATEST} and each
 * published version, by the digest Lambda resolved when the code was set ({@code ResolvedImageUri}), so a
 * version keeps its image after the tag it was built from has moved. Sources:
 * {@code lambda:function/<name>} ($LATEST), {@code lambda:function/<name>:<version>}, and
 * {@code lambda:function/<name>:<alias>} for each alias routing to that version.
 */
final class LambdaInUse extends AwsInUseSources.Base {

    private static final String LATEST = "$LATEST";
    /** The largest page of ListFunctions, ListVersionsByFunction and ListAliases. */
    private static final int PAGE = 50;

    LambdaInUse(EcrSettings settings) {
        super(settings, new EcrErrors.Api("Lambda", "lambda"));
    }

    @Override
    public String name() {
        return "lambda";
    }

    @Override
    public List<InUseReference> scan() {
        References references = references();
        try (LambdaClient lambda = clients().build(LambdaClient.builder(), counter(), null)) {
            List<FunctionConfiguration> functions = call(
                    "ListFunctions",
                    () -> lambda.listFunctionsPaginator(r -> r.maxItems(PAGE)).functions().stream()
                            .filter(f -> f.packageType() == PackageType.IMAGE)
                            .toList());
            for (FunctionConfiguration function : functions) {
                String name = function.functionName();
                Map<String, List<String>> aliases = aliases(lambda, name);
                List<String> versions =
                        call(
                                "ListVersionsByFunction",
                                () -> lambda
                                        .listVersionsByFunctionPaginator(
                                                r -> r.functionName(name).maxItems(PAGE))
                                        .versions()
                                        .stream()
                                        .map(FunctionConfiguration::version)
                                        .toList());
                for (String version : versions) {
                    FunctionCodeLocation code = call(
                                    "GetFunction",
                                    () -> lambda.getFunction(
                                            r -> r.functionName(name).qualifier(version)))
                            .code();
                    if (code == null || code.imageUri() == null) {
                        continue;
                    }
                    String resolved = code.resolvedImageUri() != null ? code.resolvedImageUri() : code.imageUri();
                    List<String> labels = new ArrayList<>();
                    labels.add("lambda:function/" + name + (LATEST.equals(version) ? "" : ":" + version));
                    aliases.getOrDefault(version, List.of())
                            .forEach(alias -> labels.add("lambda:function/" + name + ":" + alias));
                    labels.forEach(label -> references.add(resolved, null, label));
                }
            }
        }
        return found(references);
    }

    /** The aliases of a function by the versions they route to (an alias with weights routes to two). */
    private Map<String, List<String>> aliases(LambdaClient lambda, String function) {
        List<AliasConfiguration> all = call(
                "ListAliases",
                () -> lambda.listAliasesPaginator(r -> r.functionName(function).maxItems(PAGE)).aliases().stream()
                        .toList());
        Map<String, List<String>> byVersion = new HashMap<>();
        for (AliasConfiguration alias : all) {
            byVersion
                    .computeIfAbsent(alias.functionVersion(), k -> new ArrayList<>())
                    .add(alias.name());
            if (alias.routingConfig() != null) {
                alias.routingConfig()
                        .additionalVersionWeights()
                        .keySet()
                        .forEach(v -> byVersion
                                .computeIfAbsent(v, k -> new ArrayList<>())
                                .add(alias.name()));
            }
        }
        return byVersion;
    }
}
