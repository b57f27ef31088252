package dev.gitflags.internal.eval;

import dev.gitflags.Context;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * The template of a hot flag's code ({@link HotFlagCode}): never loaded as itself, its bytes are defined again as a
 * hidden class per flag, whose class data is that flag's tree of method handles. The tree is a constant of its own
 * class, so the JIT compiles it as one method: every condition at its own place in the code, its matcher and
 * operands known.
 */
final class FlagCode {

    private static final MethodHandle TREE;

    static {
        try {
            TREE = MethodHandles.classData(MethodHandles.lookup(), "_", MethodHandle.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FlagCode() {
    }

    /** The answer of the first branch {@code context} takes ({@link HotFlagCode#CODE_TYPE}). */
    static Object firstTaken(CompiledFlag<?> flag, Context context) throws Throwable {
        return (Object) TREE.invokeExact(context);
    }
}
