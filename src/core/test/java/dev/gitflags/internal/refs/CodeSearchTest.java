package dev.gitflags.internal.refs;

import dev.gitflags.internal.model.CodeRefSettings;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link CodeSearch} on real source trees: whole tokens, call sites, aliases, .gitignore as git reads it, binaries. */
class CodeSearchTest {

    private static final List<String> KEYS = List.of("search", "search-backend", "new-checkout", "checkout.v2",
            "max-cart-items");

    @TempDir
    Path tmp;

    private static List<String> locations(CodeReferences found, String key) {
        return found.of(key).stream().map(r -> r.location() + " " + r.spelling() + (r.callSite() ? " call" : ""))
                .toList();
    }

    @Test
    void keysMatchOnlyAsWholeTokens() throws IOException {
        Path code = Files.createDirectories(tmp.resolve("code"));
        Files.writeString(code.resolve("a.ts"), """
                const x = client.getBooleanValue('search-backend', false);
                const y = research + searching + search_index + "search";
                if (flags.search) { use("checkout.v2"); use("checkout.v2x"); use(checkout.v2.enabled) }
                new-checkout-old; xnew-checkout; new-checkout
                """);

        CodeReferences found = new CodeSearch(KEYS, CodeRefSettings.DEFAULT).search(List.of(code));

        String file = code.resolve("a.ts").toString();
        assertEquals(List.of(file + ":1 search-backend call"), locations(found, "search-backend"));
        assertEquals(List.of(file + ":2 search", file + ":3 search"), locations(found, "search"));
        assertEquals(List.of(file + ":3 checkout.v2", file + ":3 checkout.v2"), locations(found, "checkout.v2"));
        assertEquals(List.of(file + ":4 new-checkout"), locations(found, "new-checkout"));
        assertEquals(List.of("max-cart-items"), found.unreferenced());
    }

    @Test
    void callSitesOfEverySdkShapeAndTyposWithTheNearestKey() throws IOException {
        Path code = Files.createDirectories(tmp.resolve("code"));
        Files.writeString(code.resolve("main.go"), """
                v, _ := client.BooleanValue(ctx, "new-checkout", false, evalCtx)
                n, _ := client.IntValue(ctx, "max-cart-itms", 50, evalCtx)
                """);
        Files.writeString(code.resolve("app.py"), "client.get_string_details(\n    \"serch\", \"x\")\n");
        Files.writeString(code.resolve("App.cs"), "await client.GetBooleanValueAsync(\"new-checkout\", false);\n"
                + "client.getBooleanValue(someVariable);\n");

        CodeReferences found = new CodeSearch(KEYS, CodeRefSettings.DEFAULT).search(List.of(code));

        assertEquals(List.of(code.resolve("App.cs") + ":1 new-checkout call", code.resolve("main.go")
                + ":1 new-checkout call"), locations(found, "new-checkout"));
        assertEquals(2, found.unknown().size(), found.unknown()::toString);
        assertEquals(new CodeReferences.UnknownKey("serch", code.resolve("app.py").toString(), 1, "search"),
                found.unknown().get(0));
        assertEquals("max-cart-items", found.unknown().get(1).nearest());
        assertEquals(2, found.unknown().get(1).line());
    }

    @Test
    void aliasesAndDerivedSpellingsNameTheirKey() throws IOException {
        Path code = Files.createDirectories(tmp.resolve("code"));
        Files.writeString(code.resolve("Flags.java"), """
                enum Flags { NEW_CHECKOUT, MAX_CART_ITEMS }
                boolean on = features.newCheckout() || Flags.NEW_CHECKOUT.on() || legacyCheckout;
                """);
        CodeRefSettings settings = new CodeRefSettings(CodeRefSettings.OPENFEATURE_CALL_SITES,
                Map.of("new-checkout", List.of("legacyCheckout")), List.of(CodeRefSettings.Spelling.CONSTANT,
                CodeRefSettings.Spelling.CAMEL));

        CodeReferences found = new CodeSearch(KEYS, settings).search(List.of(code));

        String file = code.resolve("Flags.java").toString();
        assertEquals(List.of(file + ":1 NEW_CHECKOUT", file + ":2 newCheckout", file + ":2 NEW_CHECKOUT",
                file + ":2 legacyCheckout"), locations(found, "new-checkout"));
        assertEquals(List.of(file + ":1 MAX_CART_ITEMS"), locations(found, "max-cart-items"));
    }

    /** The files searched are the ones git itself would track: `git ls-files --cached --others --exclude-standard`. */
    @Test
    void readsWhatGitWouldTrackAndSkipsBinaries() throws IOException {
        Path code = tmp.resolve("app");
        try (TestRepo repo = TestRepo.init(code)) {
            repo.write(".gitignore", "build/\n*.log\n!keep.log\n/generated.js\n")
                    .write("src/a.js", "getBooleanValue('new-checkout')\n")
                    .write("src/generated.js", "new-checkout // not ignored: the rule is anchored at the root\n")
                    .write("generated.js", "new-checkout\n")
                    .write("build/out.js", "new-checkout\n")
                    .write("src/build/deep.js", "new-checkout\n")
                    .write("debug.log", "new-checkout\n")
                    .write("keep.log", "new-checkout\n")
                    .write("src/nested/.gitignore", "*.tmp\n")
                    .write("src/nested/x.tmp", "new-checkout\n")
                    .write("src/nested/y.js", "new-checkout\n")
                    .write("src/image.png", new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 'n', 'e', 'w', '-', 'c', 'h',
                            'e', 'c', 'k', 'o', 'u', 't'});
            List<String> git = repo.git("ls-files", "--cached", "--others", "--exclude-standard").ok().lines()
                    .sorted().toList();

            List<String> ours = CodeSearch.trackedFiles(code).stream()
                    .map(path -> code.relativize(path).toString().replace('\\', '/')).sorted().toList();

            assertEquals(git, ours);
            CodeReferences found = new CodeSearch(KEYS, CodeRefSettings.DEFAULT).search(List.of(code));
            assertEquals(List.of("keep.log", "src/a.js", "src/generated.js", "src/nested/y.js"),
                    found.of("new-checkout").stream().map(r -> code.relativize(Path.of(r.file())).toString()).toList());
            assertEquals(ours.size() - 1, found.filesScanned(), "the PNG is binary");
        }
    }

    @Test
    void spellingsSplitAtEverySeparator() {
        assertEquals("NEW_CHECKOUT_V2", CodeRefSettings.Spelling.CONSTANT.of("new-checkout.v2"));
        assertEquals("newCheckoutV2", CodeRefSettings.Spelling.CAMEL.of("new-checkout_v2"));
        assertEquals("NewCheckout", CodeRefSettings.Spelling.PASCAL.of("new-checkout"));
        assertEquals("new_checkout", CodeRefSettings.Spelling.SNAKE.of("new-checkout"));
        assertNull(new KeyMatcher(Map.of(), List.of()).wordAt(new byte[]{'a'}, 0, 1));
    }
}
