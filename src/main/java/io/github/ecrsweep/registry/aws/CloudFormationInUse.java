package io.github.ecrsweep.registry.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrsweep.registry.RegistryException;
import io.github.ecrsweep.registry.inuse.InUseReference;
import io.github.ecrsweep.registry.inuse.References;
import io.github.ecrsweep.registry.inuse.StackTemplate;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * What CloudFormation stacks can deploy or roll back to: every image URI in the template of every stack that
 * is not deleted (nested stacks are stacks of their own and are read too), in any property, with {@code Ref}
 * and {@code Fn::Sub} over the pseudo parameters and the stack's parameters resolved, and every image URI a
 * parameter value holds. As the AWS CDK's own {@code cdk gc} does, a template is taken to keep what it names.
 * Constructions that mention ECR but cannot be resolved are counted per stack ({@link #unresolved()}). Source:
 * {@code cloudformation:stack/<name>}.
 */
final class CloudFormationInUse extends AwsInUseSources.Base {

    private volatile Map<String, Integer> unresolved = Map.of();

    CloudFormationInUse(EcrSettings settings) {
        super(settings, new EcrErrors.Api("CloudFormation", "cloudformation"));
    }

    @Override
    public String name() {
        return "cloudformation";
    }

    @Override
    public List<InUseReference> scan() {
        References references = references();
        Map<String, Integer> counted = new TreeMap<>();
        try (CloudFormationClient cloudformation = clients().build(CloudFormationClient.builder(), counter(), null)) {
            // Without a name DescribeStacks answers every stack not deleted, nested ones included, with parameters.
            List<Stack> stacks = call(
                    "DescribeStacks",
                    () -> cloudformation.describeStacksPaginator(r -> {}).stacks().stream()
                            .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE)
                            .toList());
            for (Stack stack : stacks) {
                String label = "cloudformation:stack/" + stack.stackName();
                Map<String, String> values = values(stack);
                for (Parameter p : stack.parameters()) {
                    StackTemplate.images(value(p)).images().forEach(image -> references.add(image, null, label));
                }
                String body = call(
                        "GetTemplate",
                        () -> cloudformation
                                .getTemplate(r -> r.stackName(stack.stackId()))
                                .templateBody());
                StackTemplate.Found found = StackTemplate.images(template(stack, body), values);
                found.images().forEach(image -> references.add(image, null, label));
                if (found.unresolved() > 0) {
                    counted.merge(stack.stackName(), found.unresolved(), Integer::sum);
                }
            }
        }
        unresolved = Map.copyOf(counted);
        return found(references);
    }

    @Override
    public Map<String, Integer> unresolved() {
        return unresolved;
    }

    private static JsonNode template(Stack stack, String body) {
        try {
            return StackTemplate.parse(body == null ? "" : body);
        } catch (IOException e) {
            throw new RegistryException(
                    RegistryException.Kind.SERVICE,
                    null,
                    "GetTemplate",
                    "Template",
                    "the template of stack " + stack.stackName() + " is neither JSON nor YAML, so the images it"
                            + " deploys are not known",
                    null);
        }
    }

    /** The parameter's value as deployed: an SSM parameter's resolved value, else the value given. */
    private static String value(Parameter p) {
        return p.resolvedValue() != null ? p.resolvedValue() : p.parameterValue() == null ? "" : p.parameterValue();
    }

    /** The pseudo parameters of the stack (from its ARN) and its parameters, by name. */
    private static Map<String, String> values(Stack stack) {
        Map<String, String> values = new HashMap<>();
        String[] arn = stack.stackId().split(":", 6);
        if (arn.length == 6) {
            values.put("AWS::Partition", arn[1]);
            values.put("AWS::Region", arn[3]);
            values.put("AWS::AccountId", arn[4]);
            values.put("AWS::URLSuffix", arn[1].equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com");
        }
        values.put("AWS::StackName", stack.stackName());
        values.put("AWS::StackId", stack.stackId());
        for (Parameter p : stack.parameters()) {
            if (p.parameterKey() != null) {
                values.put(p.parameterKey(), value(p));
            }
        }
        return values;
    }
}
