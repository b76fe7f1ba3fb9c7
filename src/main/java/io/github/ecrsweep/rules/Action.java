package io.github.ecrsweep.rules;

import java.util.Objects;

/** A rule's {@code action}: expire (delete) the image, or transition it to another storage class. */
public sealed interface Action permits Action.Expire, Action.Transition {

    DecisionAction decision();

    record Expire() implements Action {
        @Override
        public DecisionAction decision() {
            return DecisionAction.EXPIRE;
        }
    }

    record Transition(StorageClass targetStorageClass) implements Action {
        public Transition {
            Objects.requireNonNull(targetStorageClass, "targetStorageClass");
        }

        @Override
        public DecisionAction decision() {
            return DecisionAction.TRANSITION;
        }
    }
}
