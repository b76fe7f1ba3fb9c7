package io.github.ecrsweep.app;

/** Where long work reports how far it is: a progress bar on a terminal, nothing elsewhere. */
@FunctionalInterface
public interface Progress {

    /** Nothing is shown. */
    Progress NONE = (task, total) -> new Task() {
        @Override
        public void step() {}

        @Override
        public void close() {}
    };

    /** One piece of work of {@code total} steps. */
    interface Task extends AutoCloseable {
        void step();

        @Override
        void close();
    }

    Task start(String task, int total);
}
