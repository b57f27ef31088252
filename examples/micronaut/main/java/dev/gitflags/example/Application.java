package dev.gitflags.example;

import io.micronaut.runtime.Micronaut;

/** A service that evaluates gitflags in process through OpenFeature; {@code GET /banner} shows one flag. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
