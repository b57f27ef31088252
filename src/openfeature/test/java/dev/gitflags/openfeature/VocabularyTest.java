package dev.gitflags.openfeature;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider hands gitflags' error codes and reasons to OpenFeature by name ({@code ErrorCode.valueOf}, the
 * reason's name as the evaluation's reason): a name gitflags adds that OpenFeature lacks must fail here, not as an
 * exception in an application's evaluation.
 */
class VocabularyTest {

    @Test
    void everyErrorCodeAndReasonOfGitflagsIsOneOfOpenFeatures() {
        Set<String> codes = names(dev.openfeature.sdk.ErrorCode.values());
        for (dev.gitflags.ErrorCode code : dev.gitflags.ErrorCode.values()) {
            assertTrue(codes.contains(code.name()), "OpenFeature has no error code " + code);
        }
        Set<String> reasons = names(dev.openfeature.sdk.Reason.values());
        for (dev.gitflags.Reason reason : dev.gitflags.Reason.values()) {
            assertTrue(reasons.contains(reason.name()), "OpenFeature has no reason " + reason);
        }
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toSet());
    }
}
