package io.github.ecrsweep.registry.inuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The images a CloudFormation template names, as the AWS CDK, SAM and people write them. */
class StackTemplateTest {

    private static final String HEX = "b".repeat(64);
    private static final Map<String, String> STACK = Map.of(
            "AWS::AccountId", "123456789012",
            "AWS::Region", "eu-west-1",
            "AWS::URLSuffix", "amazonaws.com",
            "AWS::Partition", "aws",
            "Tag", "v7",
            "ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/from/parameter:1");

    private static StackTemplate.Found found(String text) throws Exception {
        return StackTemplate.images(StackTemplate.parse(text), STACK);
    }

    @Test
    void theCdkAssetUriBuiltWithFnSubOverPseudoParametersResolves() throws Exception {
        String cdk = "{\"Resources\":{\"Task\":{\"Type\":\"AWS::ECS::TaskDefinition\",\"Properties\":"
                + "{\"ContainerDefinitions\":[{\"Image\":{\"Fn::Sub\":\"${AWS::AccountId}.dkr.ecr.${AWS::Region}."
                + "${AWS::URLSuffix}/cdk-hnb659fds-container-assets-123456789012-eu-west-1:" + HEX + "\"}}]}}}}";

        assertThat(found(cdk).images())
                .containsExactly("123456789012.dkr.ecr.eu-west-1.amazonaws.com/"
                        + "cdk-hnb659fds-container-assets-123456789012-eu-west-1:" + HEX);
        assertThat(found(cdk).unresolved()).isZero();
    }

    @Test
    void yamlShortFormsRefSubWithVariablesAndJoinResolveAndLiteralsAnywhereCount() throws Exception {
        String yaml = """
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      ImageUri: !Ref ImageUri
                  Job:
                    Type: AWS::Batch::JobDefinition
                    Properties:
                      ContainerProperties:
                        Image: !Sub
                          - "${Registry}/jobs/etl:${Tag}"
                          - Registry: !Join ['', [!Ref AWS::AccountId, '.dkr.ecr.', !Ref AWS::Region, '.amazonaws.com']]
                  Param:
                    Type: AWS::SSM::Parameter
                    Properties:
                      Value: "web image is 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web@sha256:%s, pinned"
                """.formatted(HEX);

        StackTemplate.Found found = found(yaml);

        assertThat(found.images())
                .containsExactlyInAnyOrder(
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/from/parameter:1",
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/jobs/etl:v7",
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web@sha256:" + HEX);
        assertThat(found.unresolved()).isZero();
    }

    @Test
    void whatOnlyADeploymentKnowsIsCountedNotGuessedAndOutputsStartNothing() throws Exception {
        String yaml = """
                Resources:
                  A:
                    Properties:
                      Image: !Sub "${Repo.RepositoryUri}:latest"
                  B:
                    Properties:
                      Image: !Join ['', [!ImportValue registry, '.dkr.ecr.eu-west-1.amazonaws.com/b:1']]
                  C:
                    Properties:
                      Image: !GetAtt Repo.RepositoryUri
                  D:
                    Properties:
                      Image: !If [Prod, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/d:prod", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/d:dev"]
                Outputs:
                  Uri:
                    Value: !GetAtt Repo.RepositoryUri
                  Literal:
                    Value: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/only/an/output:1
                """;

        StackTemplate.Found found = found(yaml);

        assertThat(found.unresolved()).isEqualTo(3);
        // Both branches of a condition: either may be deployed.
        assertThat(found.images())
                .containsExactlyInAnyOrder(
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/d:prod",
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/d:dev");
    }

    @Test
    void aParameterValueAloneNamesItsImageAndTextThatIsNoTemplateIsRefused() {
        assertThat(StackTemplate.images("123456789012.dkr.ecr.eu-west-1.amazonaws.com/x:1")
                        .images())
                .containsExactly("123456789012.dkr.ecr.eu-west-1.amazonaws.com/x:1");
        assertThat(StackTemplate.images("not an image").images()).isEmpty();
        assertThatThrownBy(() -> StackTemplate.parse("{\"Resources\": [")).isInstanceOf(java.io.IOException.class);
    }
}
