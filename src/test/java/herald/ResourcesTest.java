package herald;

import jakarta.inject.Singleton;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

/**
 * Every Jakarta REST resource is one instance for all requests, holding nothing: what a request needs comes as the
 * method's parameters. So a burst of connecting clients or publishers costs no instance and no field injection per
 * request (BENCHMARKS.md run 17), and no request's state can leak into another's.
 */
class ResourcesTest {

    @Test
    void eachResourceIsOneInstance() {
        classes().that().areAnnotatedWith(Path.class).should().beAnnotatedWith(Singleton.class)
                .check(PackagesTest.HERALD);
    }

    @Test
    void noResourceHoldsAField() {
        // No resource has a field at all today: the rule then has nothing to check, which is not a failure.
        noFields().that().areDeclaredInClassesThat().areAnnotatedWith(Path.class).should().notBeStatic()
                .allowEmptyShould(true).check(PackagesTest.HERALD);
    }
}
