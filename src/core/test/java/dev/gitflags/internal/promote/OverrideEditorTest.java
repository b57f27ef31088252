package dev.gitflags.internal.promote;

import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.YamlDialect;
import dev.gitflags.internal.model.FlagField;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OverrideEditorTest {

    private static final String PRODUCTION = """
            # Production: change with care.
            name: Production
            description: 'customers see this'   # quoted on purpose

            settings:
              region: "eu-west-1"

            overrides:
              # the checkout rewrite ships dark
              new-checkout:
                enabled: false    # kill switch
                rollout_percentage: 5

              dark-mode:
                default_value: "off"
                rules:
                  - name: staff
                    conditions:
                      - {attribute: email, operator: ends_with, value: "@example.com"}
                    serve: { enabled: true }

            # end of production
            """;

    private static Node yaml(String text) {
        return YamlDialect.compose(text, LoadLimits.DEFAULT);
    }

    private static String edit(String file, FieldEdit... edits) throws Exception {
        return new String(OverrideEditor.apply(file.getBytes(StandardCharsets.UTF_8), List.of(edits),
                LoadLimits.DEFAULT), StandardCharsets.UTF_8);
    }

    @Test
    void replacesOnlyTheLineOfAScalarFieldKeepingItsTrailingComment() throws Exception {
        String edited = edit(PRODUCTION, FieldEdit.set("new-checkout", FlagField.ENABLED, yaml("true")));

        assertEquals(PRODUCTION.replace("    enabled: false    # kill switch\n", "    enabled: true    # kill switch\n"),
                edited);
    }

    @Test
    void theCommentAfterAnEditedValueStaysWhereverTheValueEnds() throws Exception {
        String file = """
                overrides:
                  f:
                    rollout_percentage: 50   # widened in sprint 42
                    default_value: "a # not a comment"
                    rules:   # staff first
                      - name: staff
                        serve: {enabled: true}  # inner comments go with the old value
                """;
        String edited = edit(file, FieldEdit.set("f", FlagField.ROLLOUT_PERCENTAGE, yaml("100")),
                FieldEdit.set("f", FlagField.DEFAULT_VALUE, yaml("'b'")),
                FieldEdit.set("f", FlagField.RULES, yaml("- name: all\n  serve: {enabled: true}\n")));

        assertEquals("""
                overrides:
                  f:
                    rollout_percentage: 100   # widened in sprint 42
                    default_value: 'b'
                    rules:   # staff first
                      - name: all
                        serve:
                          enabled: true
                """, edited);
    }

    @Test
    void anEditedFlowOverrideStaysInFlowStyle() throws Exception {
        String file = "overrides:\n  theme: {rollout_percentage: 100}   # half the fleet\n  other:\n    enabled: true\n";
        String edited = edit(file, FieldEdit.set("theme", FlagField.ENABLED, yaml("true")),
                FieldEdit.set("theme", FlagField.ROLLOUT_PERCENTAGE, yaml("50")));

        assertEquals("overrides:\n  theme: {rollout_percentage: 50, enabled: true}   # half the fleet\n"
                + "  other:\n    enabled: true\n", edited);
    }

    @Test
    void anEditedFlowOverridesMappingStaysInFlowStyle() throws Exception {
        String file = "name: QA\noverrides: {a: {enabled: false}, b: {enabled: true}}  # two\n";
        String edited = edit(file, FieldEdit.set("c", FlagField.ENABLED, yaml("true")),
                FieldEdit.remove("b", FlagField.ENABLED));

        assertEquals("name: QA\noverrides: {a: {enabled: false}, c: {enabled: true}}  # two\n", edited);
    }

    @Test
    void aFieldEndingInAnAliasIsReplacedToItsLastLine() throws Exception {
        String file = """
                overrides:
                  f:
                    rules:
                      - &staff {name: staff, serve: {enabled: true}}
                  g:
                    rules:
                      - *staff
                    enabled: false
                """;
        String edited = edit(file, FieldEdit.set("g", FlagField.RULES, yaml("[]")));

        assertEquals(file.replace("    rules:\n      - *staff\n    enabled", "    rules: []\n    enabled"), edited);
    }

    @Test
    void insertsANewFieldAfterTheOverridesLastFieldWithItsIndentation() throws Exception {
        String edited = edit(PRODUCTION, FieldEdit.set("new-checkout", FlagField.DEFAULT_VALUE, yaml("'v2'")));

        assertEquals(PRODUCTION.replace("    rollout_percentage: 5\n",
                "    rollout_percentage: 5\n    default_value: 'v2'\n"), edited);
    }

    @Test
    void replacesABlockSequenceFollowingTheFilesDashIndentation() throws Exception {
        Node rules = yaml("""
                - name: beta
                  priority: 1
                  conditions: [{attribute: plan, operator: in, value: [pro, team]}]
                  serve: {variant: green}
                """);
        String edited = edit(PRODUCTION, FieldEdit.set("dark-mode", FlagField.RULES, rules));

        assertEquals(PRODUCTION.replace("""
                    rules:
                      - name: staff
                        conditions:
                          - {attribute: email, operator: ends_with, value: "@example.com"}
                        serve: { enabled: true }
                """, """
                    rules:
                      - name: beta
                        priority: 1
                        conditions:
                          - attribute: plan
                            operator: in
                            value:
                              - pro
                              - team
                        serve:
                          variant: green
                """), edited);
    }

    @Test
    void appendsANewOverrideAfterTheLastOneAndBeforeTrailingComments() throws Exception {
        String edited = edit(PRODUCTION,
                FieldEdit.set("search-v2", FlagField.ROLLOUT_PERCENTAGE, yaml("25")),
                FieldEdit.set("search-v2", FlagField.ENABLED, yaml("true")));

        assertEquals(PRODUCTION.replace("""
                    serve: { enabled: true }

                # end""", """
                    serve: { enabled: true }
                  search-v2:
                    rollout_percentage: 25
                    enabled: true

                # end"""), edited);
    }

    @Test
    void removingAFieldDeletesItsLinesAndRemovingTheLastFieldDeletesTheOverride() throws Exception {
        String oneField = edit(PRODUCTION, FieldEdit.remove("new-checkout", FlagField.ROLLOUT_PERCENTAGE));
        assertEquals(PRODUCTION.replace("    rollout_percentage: 5\n", ""), oneField);

        String whole = edit(PRODUCTION, FieldEdit.remove("new-checkout", FlagField.ROLLOUT_PERCENTAGE),
                FieldEdit.remove("new-checkout", FlagField.ENABLED));
        assertEquals(PRODUCTION.replace("""
                  new-checkout:
                    enabled: false    # kill switch
                    rollout_percentage: 5
                """, ""), whole);
    }

    @Test
    void createsTheOverridesBlockWhenAbsentWithTheFilesIndentation() throws Exception {
        String file = "name: Staging\nparent: production\nsettings:\n    region: eu\n";
        String edited = edit(file, FieldEdit.set("new-checkout", FlagField.ENABLED, yaml("true")));

        assertEquals(file + "overrides:\n    new-checkout:\n        enabled: true\n", edited);
    }

    @Test
    void aFileWithoutFinalNewlineGetsOneBeforeTheAppendedBlock() throws Exception {
        String edited = edit("name: Dev", FieldEdit.set("a.b", FlagField.ENABLED, yaml("false")));

        assertEquals("name: Dev\noverrides:\n  a.b:\n    enabled: false\n", edited);
    }

    @Test
    void anEmptyFlowOverridesIsRewrittenInBlockStyle() throws Exception {
        String file = "name: QA\noverrides: {}   # none yet\nactive: true\n";
        String edited = edit(file, FieldEdit.set("123", FlagField.DEFAULT_VALUE, yaml("\"x\"")));

        assertEquals("name: QA\noverrides:   # none yet\n  '123':\n    default_value: \"x\"\nactive: true\n", edited);
    }

    @Test
    void keepsWindowsLineEndings() throws Exception {
        String file = "name: Prod\r\noverrides:\r\n  f:\r\n    enabled: false\r\n  g:\r\n    enabled: true\r\n";
        String edited = edit(file, FieldEdit.set("f", FlagField.ROLLOUT_PERCENTAGE, yaml("10")));

        assertEquals("name: Prod\r\noverrides:\r\n  f:\r\n    enabled: false\r\n    rollout_percentage: 10\r\n"
                + "  g:\r\n    enabled: true\r\n", edited);
    }

    @Test
    void aBlockScalarIsReplacedWithoutTouchingTheNextEntry() throws Exception {
        String file = "overrides:\n  f:\n    default_value: |\n      line one\n      line two\n\n  g:\n    enabled: true\n";
        String edited = edit(file, FieldEdit.set("f", FlagField.DEFAULT_VALUE, yaml("plain")));

        assertEquals("overrides:\n  f:\n    default_value: plain\n\n  g:\n    enabled: true\n", edited);
    }

    @Test
    void removingWhatIsNotThereChangesNothing() throws Exception {
        byte[] bytes = PRODUCTION.getBytes(StandardCharsets.UTF_8);
        assertSame(bytes, OverrideEditor.apply(bytes, List.of(FieldEdit.remove("nope", FlagField.ENABLED)),
                LoadLimits.DEFAULT));
    }

    @Test
    void refusesAFileThatIsNotAMapping() {
        assertThrows(OverrideEditor.UneditableFileException.class,
                () -> edit("- a\n- b\n", FieldEdit.set("f", FlagField.ENABLED, yaml("true"))));
    }
    @Test
    void removingAnEntryTakesItsLinesItsCommentAndOneSeparatingBlankLineAndNothingElse() throws Exception {
        String first = edit(PRODUCTION, FieldEdit.removeEntry("new-checkout"));
        String last = edit(PRODUCTION, FieldEdit.removeEntry("dark-mode"));

        assertEquals(PRODUCTION.replace("""
                  # the checkout rewrite ships dark
                  new-checkout:
                    enabled: false    # kill switch
                    rollout_percentage: 5

                """, ""), first);
        assertEquals(PRODUCTION.replace("""
                  dark-mode:
                    default_value: "off"
                    rules:
                      - name: staff
                        conditions:
                          - {attribute: email, operator: ends_with, value: "@example.com"}
                        serve: { enabled: true }

                """, ""), last);
    }

    @Test
    void removingEveryEntryLeavesAnExplicitEmptyBlock() throws Exception {
        String edited = edit(PRODUCTION, FieldEdit.removeEntry("dark-mode"), FieldEdit.removeEntry("new-checkout"));

        assertEquals(PRODUCTION.substring(0, PRODUCTION.indexOf("overrides:")) + "overrides: {}\n\n"
                + "# end of production\n", edited);
    }

    @Test
    void removingAnEntryOfAFlowStyleBlockWritesTheBlockAgainWithoutIt() throws Exception {
        String flags = "# two flags\nflags: {a: {type: boolean, default_value: false}, b: {type: string, default_value: 'x'}}\n";

        String edited = new String(OverrideEditor.removeFlags(flags.getBytes(StandardCharsets.UTF_8), List.of("a"),
                LoadLimits.DEFAULT), StandardCharsets.UTF_8);

        assertEquals("# two flags\nflags: {b: {type: string, default_value: 'x'}}\n", edited);
    }

    @Test
    void removingAFlagFromAFlagsFileKeepsTheOtherDefinitionsByteForByte() throws Exception {
        String flags = """
                flags:
                  a:
                    type: boolean   # first
                    default_value: false

                  b:
                    type: string
                    default_value: "x"
                  c:
                    type: boolean
                    default_value: true
                """;

        String withoutB = new String(OverrideEditor.removeFlags(flags.getBytes(StandardCharsets.UTF_8), List.of("b"),
                LoadLimits.DEFAULT), StandardCharsets.UTF_8);
        String withoutC = new String(OverrideEditor.removeFlags(flags.getBytes(StandardCharsets.UTF_8), List.of("c"),
                LoadLimits.DEFAULT), StandardCharsets.UTF_8);
        byte[] same = flags.getBytes(StandardCharsets.UTF_8);

        assertEquals(flags.replace("  b:\n    type: string\n    default_value: \"x\"\n", ""), withoutB);
        assertEquals(flags.replace("  c:\n    type: boolean\n    default_value: true\n", ""), withoutC);
        assertSame(same, OverrideEditor.removeFlags(same, List.of("no-such-flag"), LoadLimits.DEFAULT));
    }
    @Test
    void removingAnAnchoredDefinitionHandsTheAnchorToTheFlagThatStillUsesIt() throws Exception {
        String flags = """
                flags:
                  a: &boolean-off {type: boolean, default_value: false}
                  b: *boolean-off
                  c: *boolean-off
                """;

        String edited = new String(OverrideEditor.removeFlags(flags.getBytes(StandardCharsets.UTF_8), List.of("a"),
                LoadLimits.DEFAULT), StandardCharsets.UTF_8);

        assertEquals("""
                flags:
                  b: &boolean-off {type: boolean, default_value: false}
                  c: *boolean-off
                """, edited);
    }

    private static String removeAliases(String gitflags, String... keys) throws Exception {
        return new String(OverrideEditor.removeAliases(gitflags.getBytes(StandardCharsets.UTF_8), List.of(keys),
                LoadLimits.DEFAULT), StandardCharsets.UTF_8);
    }

    @Test
    void aliasesWrittenInFlowStyleAreWrittenAgainInFlowStyleWithoutTheRetiredKeys() throws Exception {
        String blockRefs = """
                refs:
                  aliases: {new-checkout: [NEW_CHECKOUT], old-banner: OLD_BANNER}   # spellings in code
                  spellings: [constant]
                """;
        String flowRefs = "refs: {aliases: {new-checkout: NEW_CHECKOUT, old-banner: OLD_BANNER}, spellings: [constant]}"
                + "   # all of it\n";

        assertEquals("""
                refs:
                  aliases: {old-banner: OLD_BANNER}   # spellings in code
                  spellings: [constant]
                """, removeAliases(blockRefs, "new-checkout"));
        assertEquals("refs: {aliases: {old-banner: OLD_BANNER}, spellings: [constant]}   # all of it\n",
                removeAliases(flowRefs, "new-checkout"));
        // none left: aliases goes, the rest of refs stays in its own style
        assertEquals("refs:\n  spellings: [constant]\n", removeAliases(blockRefs, "new-checkout", "old-banner"));
        assertEquals("refs: {spellings: [constant]}   # all of it\n",
                removeAliases(flowRefs, "new-checkout", "old-banner"));
    }

    @Test
    void removingAnAnchoredAliasesEntryHandsTheAnchorToTheKeyThatStillUsesIt() throws Exception {
        String gitflags = """
                refs:
                  aliases:
                    new-checkout: &checkout [NEW_CHECKOUT, legacyCheckout]
                    checkout-v2: *checkout
                """;

        assertEquals("""
                refs:
                  aliases:
                    checkout-v2: &checkout [NEW_CHECKOUT, legacyCheckout]
                """, removeAliases(gitflags, "new-checkout"));
    }

    @Test
    void gitflagsYamlThatNamesNoAliasesOfTheKeysIsReturnedAsItWas() throws Exception {
        byte[] none = "default_environment: production\n".getBytes(StandardCharsets.UTF_8);
        byte[] others = "refs:\n  aliases:\n    a: A\n".getBytes(StandardCharsets.UTF_8);

        assertSame(none, OverrideEditor.removeAliases(none, List.of("new-checkout"), LoadLimits.DEFAULT));
        assertSame(others, OverrideEditor.removeAliases(others, List.of("new-checkout"), LoadLimits.DEFAULT));
    }

    @Test
    void aGitflagsYamlWrittenAsOneFlowMappingIsRefusedRatherThanRewrittenWhole() {
        byte[] flow = "{default_environment: production, refs: {aliases: {new-checkout: X}}}\n"
                .getBytes(StandardCharsets.UTF_8);

        OverrideEditor.UneditableFileException refused = assertThrows(OverrideEditor.UneditableFileException.class,
                () -> OverrideEditor.removeAliases(flow, List.of("new-checkout"), LoadLimits.DEFAULT));
        assertEquals("the file is one mapping in flow style; write it in block style to edit it", refused.getMessage());
    }
}
