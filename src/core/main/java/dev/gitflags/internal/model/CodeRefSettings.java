package dev.gitflags.internal.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code refs:} section of {@code gitflags.yaml}: how {@code gitflags refs --code} recognises flag keys in
 * application code.
 *
 * @param callSites functions whose first string argument (or second, after a bare identifier such as Go's
 *                  {@code ctx}) is a flag key; {@link #OPENFEATURE_CALL_SITES} when the section does not say
 * @param aliases   other spellings of a key written in code, by key ({@code new-checkout: [NEW_CHECKOUT]})
 * @param spellings spellings derived from every key, on top of the key itself
 */
public record CodeRefSettings(List<String> callSites, Map<String, List<String>> aliases, List<Spelling> spellings) {

    /** A spelling of a key's words, split at {@code -}, {@code _} and {@code .}. */
    public enum Spelling {
        /** {@code NEW_CHECKOUT}. */
        CONSTANT,
        /** {@code newCheckout}. */
        CAMEL,
        /** {@code NewCheckout}. */
        PASCAL,
        /** {@code new_checkout}. */
        SNAKE;

        public static java.util.Optional<Spelling> fromYaml(String text) {
            for (Spelling spelling : values()) {
                if (spelling.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return java.util.Optional.of(spelling);
                }
            }
            return java.util.Optional.empty();
        }

        /** {@code key} in this spelling. */
        public String of(String key) {
            String[] words = key.split("[-_.]+");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < words.length; i++) {
                String word = words[i].toLowerCase(Locale.ROOT);
                switch (this) {
                    case CONSTANT -> text.append(i == 0 ? "" : "_").append(word.toUpperCase(Locale.ROOT));
                    case SNAKE -> text.append(i == 0 ? "" : "_").append(word);
                    case CAMEL, PASCAL -> text.append(i == 0 && this == CAMEL || word.isEmpty() ? word
                            : Character.toUpperCase(word.charAt(0)) + word.substring(1));
                }
            }
            return text.toString();
        }
    }

    /**
     * The evaluation methods of the OpenFeature SDKs: Java, JavaScript/TypeScript (and React's hooks), Go, Python,
     * .NET, Ruby and PHP, for every flag type each offers, value and details forms.
     */
    public static final List<String> OPENFEATURE_CALL_SITES = openFeature();

    /** No section: OpenFeature's call sites, no aliases, no derived spellings. */
    public static final CodeRefSettings DEFAULT = new CodeRefSettings(OPENFEATURE_CALL_SITES, Map.of(), List.of());

    public CodeRefSettings {
        callSites = List.copyOf(callSites);
        aliases = Values.immutableMap(aliases);
        spellings = List.copyOf(spellings);
    }

    private static List<String> openFeature() {
        List<String> names = new ArrayList<>();
        for (String type : List.of("Boolean", "String", "Integer", "Double", "Number", "Object")) {
            for (String form : List.of("Value", "Details")) {
                names.add("get" + type + form);                  // Java, JavaScript, TypeScript, PHP
                names.add("Get" + type + form + "Async");        // .NET
                names.add("use" + type + "Flag" + form);         // React
            }
        }
        for (String type : List.of("Boolean", "String", "Int", "Float", "Object")) {
            names.add(type + "Value");                           // Go
            names.add(type + "ValueDetails");
        }
        for (String type : List.of("boolean", "string", "integer", "float", "number", "object")) {
            for (String form : List.of("value", "details")) {
                names.add("get_" + type + "_" + form);           // Python
                names.add("fetch_" + type + "_" + form);         // Ruby
            }
        }
        names.add("useFlag");
        return List.copyOf(names);
    }
}
