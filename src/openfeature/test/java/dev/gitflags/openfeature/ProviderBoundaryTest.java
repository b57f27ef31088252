package dev.gitflags.openfeature;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The provider is built on gitflags-core's public API only, like any application (issue 12): no class of it
 * reaches into {@code dev.gitflags.internal}, SnakeYAML or JGit.
 */
class ProviderBoundaryTest {

    @Test
    void theProviderUsesThePublicApiOnly() {
        JavaClasses provider = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.gitflags.openfeature");
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.gitflags.internal..", "org.yaml..", "org.eclipse.jgit..")
                .check(provider);
    }
}
