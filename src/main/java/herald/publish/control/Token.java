package herald.publish.control;

import herald.access.control.Bearer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The publish token. Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so
 * the time a comparison takes says nothing of how much of a guess was right, nor of the token's length.
 */
public final class Token {

    private final byte[] digest;

    public Token(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a token must not be empty");
        }
        this.digest = sha256(secret);
    }

    /** Whether an {@code Authorization} header value is {@code Bearer <this token>}. */
    public boolean admits(String authorization) {
        var bearer = Bearer.of(authorization);
        return bearer != null && MessageDigest.isEqual(digest, sha256(bearer));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
