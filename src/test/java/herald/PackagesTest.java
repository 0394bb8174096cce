package herald;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package graph: no package reaches back to one that reaches it (each of {@code herald.stream.control},
 * {@code herald.app.boundary}, … is a node), and the shared building blocks depend on nothing of Herald's. The
 * wiring ({@code herald.app}) sits on top.
 */
class PackagesTest {

    static final JavaClasses HERALD = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("herald");

    @Test
    void noPackageCycles() {
        slices().matching("herald.(**)").should().beFreeOfCycles().check(HERALD);
    }

    @Test
    void theBuildingBlocksDependOnNothingOfHeralds() {
        noClasses().that().resideInAPackage("herald.base..")
                .should().dependOnClassesThat().resideOutsideOfPackages("herald.base..", "java..", "jakarta..")
                .check(HERALD);
    }

    @Test
    void onlyTheWiringKnowsTheWiring() {
        noClasses().that().resideOutsideOfPackage("herald.app..")
                .and().resideOutsideOfPackages("herald..boundary..")
                .should().dependOnClassesThat().resideInAPackage("herald.app..")
                .check(HERALD);
    }
}
