package dev.gitflags.example;

import dev.openfeature.sdk.ImmutableContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;

/** Evaluates one flag for the request's user; the environment comes from the transaction context. */
@Controller("/banner")
public final class BannerController {

    private final FeatureFlags flags;

    public BannerController(FeatureFlags flags) {
        this.flags = flags;
    }

    @Get(produces = MediaType.TEXT_PLAIN)
    public String banner(@Header("X-User") @Nullable String user) {
        return flags.client().getStringValue("banner-text", "Hello",
                user == null ? new ImmutableContext() : new ImmutableContext(user));
    }
}
