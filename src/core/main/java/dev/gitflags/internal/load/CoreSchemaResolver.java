package dev.gitflags.internal.load;

import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.regex.Pattern;

/**
 * Types plain scalars by the YAML 1.2 core schema instead of SnakeYAML's YAML 1.1 rules, so {@code no},
 * {@code on}, {@code 1:20} and {@code 2024-01-01} stay strings (the "Norway problem") and only {@code true}/{@code
 * false} are booleans.
 */
final class CoreSchemaResolver extends Resolver {

    static final Pattern INTEGER = Pattern.compile("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$");
    static final Pattern DECIMAL = Pattern.compile(
            "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");

    @Override
    protected void addImplicitResolvers() {
        // resolve() below decides by hand: most scalars are plain words, which need no regex at all.
    }

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
        if (kind == NodeId.sequence) {
            return Tag.SEQ;
        }
        if (kind == NodeId.mapping) {
            return Tag.MAP;
        }
        if (!implicit) {
            return Tag.STR; // quoted
        }
        return switch (value) {
            case "", "~", "null", "Null", "NULL" -> Tag.NULL;
            case "true", "True", "TRUE", "false", "False", "FALSE" -> Tag.BOOL;
            default -> numeric(value);
        };
    }

    private static Tag numeric(String value) {
        char first = value.charAt(0);
        if (!(first >= '0' && first <= '9') && first != '-' && first != '+' && first != '.') {
            return Tag.STR;
        }
        if (INTEGER.matcher(value).matches()) {
            return Tag.INT;
        }
        return DECIMAL.matcher(value).matches() ? Tag.FLOAT : Tag.STR;
    }
}
