package herald.access.control;

/** The token of an {@code Authorization: Bearer <token>} header (RFC 6750), wherever a request may carry one. */
public final class Bearer {

    private Bearer() {
    }

    /** The token, or null for no header, another scheme, or an empty token. */
    public static String of(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        var token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
