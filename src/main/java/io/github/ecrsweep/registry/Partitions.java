package io.github.ecrsweep.registry;

/**
 * The AWS partition of a region, for the ARNs a run builds: a role named in an account of China's regions is
 * {@code arn:aws-cn:iam::...}, of GovCloud {@code arn:aws-us-gov:iam::...}. A region not given is the
 * standard partition's.
 */
public final class Partitions {

    private Partitions() {}

    /** {@code aws}, {@code aws-cn}, {@code aws-us-gov}, or an isolated partition, by the region's prefix. */
    public static String of(String region) {
        if (region == null) {
            return "aws";
        }
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        if (region.startsWith("us-isob-")) {
            return "aws-iso-b";
        }
        if (region.startsWith("us-isof-")) {
            return "aws-iso-f";
        }
        if (region.startsWith("eu-isoe-")) {
            return "aws-iso-e";
        }
        if (region.startsWith("us-iso-")) {
            return "aws-iso";
        }
        return "aws";
    }

    /** The ARN of a role of this name in an account, in the partition of the region. */
    public static String roleArn(String account, String roleName, String region) {
        return "arn:" + of(region) + ":iam::" + account + ":role/" + roleName;
    }
}
