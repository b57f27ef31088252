package dev.gitflags;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The boundary of gitflags-core (issue 12): an application compiles against {@code dev.gitflags} only, so no public
 * or protected signature there names a {@code dev.gitflags.internal} type; and no core class reaches for the server,
 * the CLI or Micronaut. On the class path a JPMS module-info would be ignored, so this test is the enforcement.
 */
class ApiBoundaryTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gitflags");

    @Test
    void thePublicPackageExposesNoInternalType() {
        classes().that().resideInAPackage("dev.gitflags").and().arePublic()
                .should(exposeNoTypeFrom("dev.gitflags.internal.."))
                .allowEmptyShould(true)
                .check(CORE);
    }

    @Test
    void coreDependsOnNoServerCliOrMicronaut() {
        noClasses().that().resideInAPackage("dev.gitflags..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.micronaut..", "io.netty..", "picocli..", "dev.gitflags.server..", "dev.gitflags.cli..")
                .check(CORE);
    }

    /** Every raw type in the class's own signature and in its public and protected members' signatures. */
    private static ArchCondition<JavaClass> exposeNoTypeFrom(String packages) {
        DescribedPredicate<JavaClass> internal = JavaClass.Predicates.resideInAPackage(packages);
        return new ArchCondition<>("expose no type from " + packages) {
            @Override
            public void check(JavaClass api, ConditionEvents events) {
                Set<JavaClass> exposed = new LinkedHashSet<>();
                api.getSuperclass().ifPresent(type -> exposed.addAll(type.getAllInvolvedRawTypes()));
                api.getInterfaces().forEach(type -> exposed.addAll(type.getAllInvolvedRawTypes()));
                api.getTypeParameters().forEach(type -> exposed.addAll(type.getAllInvolvedRawTypes()));
                for (JavaMember member : api.getMembers()) {
                    if (!visible(member)) {
                        continue;
                    }
                    if (member instanceof JavaCodeUnit code) {
                        exposed.addAll(code.getAllInvolvedRawTypes());
                        code.getThrowsClause().getTypes().forEach(type -> exposed.addAll(type.getAllInvolvedRawTypes()));
                    } else if (member instanceof JavaField field) {
                        exposed.addAll(field.getAllInvolvedRawTypes());
                    }
                }
                exposed.stream().filter(internal).forEach(type -> events.add(SimpleConditionEvent.violated(api,
                        api.getName() + " exposes " + type.getName() + " in a public or protected signature")));
            }
        };
    }

    private static boolean visible(JavaMember member) {
        Set<JavaModifier> modifiers = member.getModifiers();
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }
}
