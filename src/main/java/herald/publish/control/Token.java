package herald.publish.control;

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
        var bearer = bearer(authorization);
        return bearer != null && MessageDigest.isEqual(digest, sha256(bearer));
    }

    /** The token of an {@code Authorization: Bearer <token>} header value, or null for none or another scheme. */
    public static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        var token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
