/**
 * An OpenFeature {@code FeatureProvider} that evaluates gitflags in process (issue 12); the provider itself is
 * not written yet, so this module builds an empty jar over gitflags-core and the OpenFeature SDK.
 */
package dev.gitflags.openfeature;
