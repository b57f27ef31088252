package dev.gitflags.internal.load;

/** Text from a repository or a command line made fit for a one-line message: control characters as {@code \xNN}. */
final class Printable {

    private Printable() {
    }

    static String escaped(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\x%02X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
