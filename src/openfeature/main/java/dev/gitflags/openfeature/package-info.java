/**
 * An OpenFeature {@code FeatureProvider} that evaluates gitflags in process, following a git ref or a working tree
 * ({@link dev.gitflags.openfeature.GitflagsProvider}). Built on gitflags-core's public API ({@code dev.gitflags}) only.
 */
package dev.gitflags.openfeature;
