package io.github.ecrsweep.registry.aws;

import java.util.Set;

/**
 * The AWS regions an account must enable before it can use them (regions launched after 20 March 2019, "Specify
 * which AWS Regions your account can use" in the AWS Account Management guide). In such a region not enabled,
 * every service refuses the account's credentials as unknown, which reads as rejected credentials unless said.
 */
final class OptInRegions {

    private static final Set<String> REGIONS = Set.of(
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-south-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ca-west-1",
            "eu-central-2",
            "eu-south-1",
            "eu-south-2",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1");

    private OptInRegions() {}

    static boolean is(String region) {
        return region != null && REGIONS.contains(region);
    }
}
