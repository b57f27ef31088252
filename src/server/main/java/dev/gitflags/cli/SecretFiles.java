package dev.gitflags.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Secrets come from files, never the command line (where {@code ps} shows them): one rule for reading them. */
final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * The secret in {@code file}, surrounding whitespace stripped; {@code what} names it in the usage error an empty
     * file gives (e.g. "token file").
     */
    static String read(Path file, String what) throws IOException {
        String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (secret.isEmpty()) {
            throw CommandFailure.usage("the " + what + " " + file + " is empty");
        }
        return secret;
    }
}
