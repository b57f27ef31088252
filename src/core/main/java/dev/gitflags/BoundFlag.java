package dev.gitflags;

import dev.gitflags.internal.eval.CompiledFlag;
import dev.gitflags.internal.graph.ResolvedFlag;

import java.util.Map;

/**
 * One flag as one served environment of one {@link Snapshot} resolves it, found once ({@link Snapshot#flag}) and
 * then evaluated per request without finding the environment and the flag again: what an adapter that evaluates
 * the same flags many times keeps per snapshot. Binding lays the flag out for that (its conditions in arrays, every
 * evaluation it can give made once), so an evaluation allocates nothing. Immutable and safe to share between
 * threads. It belongs to its snapshot: a new snapshot's flags are bound again, so a bound flag never answers for
 * another version.
 */
public final class BoundFlag {

    private final ResolvedFlag flag;
    private final String type;
    private final CompiledFlag<Evaluation> compiled;

    BoundFlag(ResolvedFlag flag, String type) {
        this.flag = flag;
        this.type = type;
        this.compiled = CompiledFlag.of(flag, result -> Snapshot.evaluation(result, type));
    }

    /** The flag's key. */
    public String key() {
        return flag.key();
    }

    /** The flag's type: {@code boolean}, {@code string}, {@code number} or {@code json}. */
    public String type() {
        return type;
    }

    /** The flag's {@code metadata:} map (immutable, empty when it has none), the same in every evaluation. */
    public Map<String, Object> metadata() {
        return flag.base().metadata();
    }

    /**
     * True when evaluating the flag may ask its context for attributes (its enabled rules name some); false when
     * only the targeting key can matter, so an adapter over another library's context can skip preparing reads.
     */
    public boolean readsAttributes() {
        return compiled.readsAttributes();
    }

    /**
     * Evaluates the flag for {@code context} (null: an empty context), exactly as {@link Snapshot#evaluate} does
     * in this flag's environment. Never throws.
     */
    public Evaluation evaluate(Context context) {
        return compiled.evaluate(context);
    }

    @Override
    public String toString() {
        return "BoundFlag[" + flag.key() + ", " + type + "]";
    }
}
