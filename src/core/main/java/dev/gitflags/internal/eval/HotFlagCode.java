package dev.gitflags.internal.eval;

import dev.gitflags.Context;
import dev.gitflags.internal.model.AttributeMatcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Code of its own for a flag evaluated often: its rules as a tree of method handles — read the attribute, test it
 * with the condition's matcher, go on to the next condition or the next rule — held as the constant of a hidden
 * class made from {@link FlagCode}'s bytes. {@link CompiledFlag}'s loop tests every flag's conditions at one place
 * in the code, where the processor cannot predict which matcher comes next nor whether it passes; here each
 * condition has its own place, as if the rule had been written in Java (on a three-rule flag 36 ns against the
 * loop's 95 and 35 for the rules written out; {@code EvaluateBenchmark.threeRulesCompiled} 58 ns, was 127). The tree
 * answers what the loop answers: it ends where {@link CompiledFlag} says, and from there the loop goes on. The hidden
 * class is not strong: it is unloaded with the flag (a superseded snapshot's).
 */
final class HotFlagCode {

    /** A flag's code: {@code (flag, context)} to the answer of the first branch the context takes. */
    static final MethodType CODE_TYPE = MethodType.methodType(Object.class, CompiledFlag.class, Context.class);

    private static final MethodHandle ATTRIBUTE;
    private static final MethodHandle MATCHES;
    private static final MethodHandle FALSE = MethodHandles.dropArguments(
            MethodHandles.constant(boolean.class, false), 0, Context.class);
    /** FlagCode's class file, or null when it cannot be read (then no flag gets code of its own). */
    private static final byte[] TEMPLATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ATTRIBUTE = lookup.findVirtual(Context.class, "attribute",
                    MethodType.methodType(Object.class, String.class));
            MATCHES = lookup.findVirtual(AttributeMatcher.class, "matches",
                    MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        TEMPLATE = template();
    }

    private HotFlagCode() {
    }

    private static byte[] template() {
        try (InputStream in = FlagCode.class.getResourceAsStream("FlagCode.class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The code of {@code tree}, a {@code (Context)Object} handle, as a {@link #CODE_TYPE} handle on its hidden
     * class's method; or null when this JVM cannot define it (no hidden classes, as in a native image): the caller
     * then keeps its loop.
     */
    static MethodHandle of(MethodHandle tree) {
        if (TEMPLATE == null) {
            return null;
        }
        try {
            // initialized now, so that the handle does not test the class's initialization on every call
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(TEMPLATE, tree, true);
            return hidden.findStatic(hidden.lookupClass(), "firstTaken", CODE_TYPE);
        } catch (LinkageError | ReflectiveOperationException e) {
            return null; // this JVM cannot define it: the loop answers the same
        }
    }

    /** {@code (Context)boolean}: whether the context's attribute {@code name} passes {@code matcher}. */
    static MethodHandle condition(String name, AttributeMatcher matcher) {
        return MethodHandles.filterArguments(MATCHES.bindTo(matcher), 0,
                MethodHandles.insertArguments(ATTRIBUTE, 1, name));
    }

    /** {@code (Context)Object}: {@code answer}, whatever the context. */
    static MethodHandle always(Object answer) {
        return MethodHandles.dropArguments(MethodHandles.constant(Object.class, answer), 0, Context.class);
    }

    /** {@code (Context)boolean}: {@code first}, and then {@code second} when {@code first} passes. */
    static MethodHandle and(MethodHandle first, MethodHandle second) {
        return MethodHandles.guardWithTest(first, second, FALSE);
    }

    /** {@code (Context)Object}: {@code taken}'s answer when {@code test} passes, else {@code passed}'s. */
    static MethodHandle either(MethodHandle test, MethodHandle taken, MethodHandle passed) {
        return MethodHandles.guardWithTest(test, taken, passed);
    }
}
