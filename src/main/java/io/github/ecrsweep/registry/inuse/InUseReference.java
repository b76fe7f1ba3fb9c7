package io.github.ecrsweep.registry.inuse;

import java.util.Objects;

/**
 * One image that a source reports in use, and who: {@code ecs:service/prod/web},
 * {@code lambda:function/resize:live}, {@code k8s:pod/payments/api-7f9}, {@code file:pins.txt:12}.
 */
public record InUseReference(ImageReference image, String source) {

    public InUseReference {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(source, "source");
    }
}
