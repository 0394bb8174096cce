package herald.publish.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenTest {

    final Token token = new Token("s3cret");

    @Test
    void admitsTheBearerOfTheToken() {
        assertTrue(token.admits("Bearer s3cret"));
        assertTrue(token.admits("bearer s3cret"), "the scheme is case-insensitive (RFC 7235)");
    }

    @Test
    void refusesAnythingElse() {
        assertFalse(token.admits(null));
        assertFalse(token.admits(""));
        assertFalse(token.admits("Bearer "));
        assertFalse(token.admits("Bearer s3cre"));
        assertFalse(token.admits("Bearer s3cret2"));
        assertFalse(token.admits("Basic s3cret"));
        assertFalse(token.admits("s3cret"));
    }

    @Test
    void anEmptyTokenCannotBeMade() {
        assertThrows(IllegalArgumentException.class, () -> new Token(""));
    }
}
