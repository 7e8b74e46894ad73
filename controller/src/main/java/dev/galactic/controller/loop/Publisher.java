package dev.galactic.controller.loop;

import java.util.function.Consumer;

/** One consumer of the loop's inputs; runs only on the loop's thread. */
public interface Publisher {

    String name();

    void publish(LoopInput input);

    /** A publisher that only cares about committed intent. */
    static Publisher ofIntent(String name, Consumer<LoopInput.IntentCommitted> onIntent) {
        return new Publisher() {
            @Override
            public String name() { return name; }

            @Override
            public void publish(LoopInput input) {
                if (input instanceof LoopInput.IntentCommitted c) onIntent.accept(c);
            }
        };
    }
}
