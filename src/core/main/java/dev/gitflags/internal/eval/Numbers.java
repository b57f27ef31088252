package dev.gitflags.internal.eval;

import dev.gitflags.internal.model.Values;

/**
 * Numbers compared as numbers whatever their Java type: integers exactly as longs, a long against a double
 * exactly (no rounding of large longs), NaN comparable to nothing.
 */
final class Numbers {

    private static final double TWO_TO_63 = 0x1p63;

    private Numbers() {
    }

    /** The value as a Long or Double, or null when it is not a number (Long and Double pass through unboxed). */
    static Object normalized(Object value) {
        if (value instanceof Long || value instanceof Double) {
            return value;
        }
        if (!(value instanceof Number number)) {
            return null;
        }
        Object normalized = Values.normalize(number);
        return normalized instanceof Long || normalized instanceof Double ? normalized : number.doubleValue();
    }

    static boolean isNaN(Object normalized) {
        return normalized instanceof Double d && d.isNaN();
    }

    /** Compares two normalized, non-NaN numbers; -0.0 equals 0. */
    static int compare(Object a, Object b) {
        if (a instanceof Long x) {
            return b instanceof Long y ? Long.compare(x, y) : compareLongDouble(x, (Double) b);
        }
        double x = (Double) a;
        if (b instanceof Long y) {
            return -compareLongDouble(y, x);
        }
        double y = (Double) b;
        return x < y ? -1 : x > y ? 1 : 0;
    }

    /** The canonical form for set membership: integral values as Long, so that 1, 1L and 1.0 are one member. */
    static Object canonical(Object normalized) {
        if (normalized instanceof Double d && d == Math.rint(d) && d >= -TWO_TO_63 && d < TWO_TO_63) {
            return (long) (double) d;
        }
        return normalized;
    }

    private static int compareLongDouble(long x, double y) {
        if (y >= TWO_TO_63) {
            return -1;
        }
        if (y < -TWO_TO_63) {
            return 1;
        }
        double floor = Math.floor(y);
        long floorAsLong = (long) floor; // exact: floor is integral and within the long range
        if (x != floorAsLong) {
            return x < floorAsLong ? -1 : 1;
        }
        return floor == y ? 0 : -1;
    }
}
