package herald.access.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import herald.access.entity.Grant;
import herald.access.entity.TopicPatterns;
import herald.base.Rejection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks JSON Web Tokens with the one key Herald is given, through Nimbus JOSE + JWT (no token parsing or signature
 * code of Herald's own): an HMAC secret ({@code herald.jwt.secret}, HS256/384/512) or a public key
 * ({@code herald.jwt.publicKey}, RS*, PS* or ES* by its type). A token is accepted only when it is signed (never
 * {@code alg: none}), with an algorithm of the key's family (a public key is never used as an HMAC secret), the
 * signature holds, it has an {@code exp} still ahead and no {@code nbf} still ahead (no clock skew is allowed).
 * Thread safe.
 */
public final class TokenVerifier {

    /** RFC 7518: an HMAC key at least as long as the hash; Herald asks the same of every HS algorithm's shortest. */
    static final int MIN_SECRET_BYTES = 32;

    private final JWSVerifier verifier;
    private final Set<JWSAlgorithm> algorithms;

    private TokenVerifier(JWSVerifier verifier) {
        this.verifier = verifier;
        this.algorithms = Set.copyOf(verifier.supportedJWSAlgorithms());
    }

    /** @throws IllegalArgumentException for a secret shorter than 256 bits */
    public static TokenVerifier hmac(String secret) {
        var bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("herald.jwt.secret must be at least 256 bits (32 bytes of UTF-8); it has "
                    + bytes.length * 8);
        }
        try {
            return new TokenVerifier(new MACVerifier(bytes));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("herald.jwt.secret: " + e.getMessage(), e);
        }
    }

    /** A PEM file holding one {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA or EC. */
    public static TokenVerifier publicKey(Path pem) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("herald.jwt.publicKey: cannot read " + pem, e);
        }
        var base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            var key = key(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return new TokenVerifier(key instanceof RSAPublicKey rsa ? new RSASSAVerifier(rsa)
                    : new ECDSAVerifier((ECPublicKey) key));
        } catch (IllegalArgumentException | GeneralSecurityException | JOSEException e) {
            throw new IllegalArgumentException("herald.jwt.publicKey: " + pem + " holds no RSA or EC public key in PEM"
                    + " (-----BEGIN PUBLIC KEY-----)", e);
        }
    }

    private static PublicKey key(X509EncodedKeySpec spec) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }

    /**
     * What a token grants.
     *
     * @throws Rejection 401, its code saying what is wrong: {@code token_malformed}, {@code token_unsigned},
     *                   {@code token_algorithm}, {@code token_signature}, {@code token_no_expiry},
     *                   {@code token_expired}, {@code token_not_yet_valid}, {@code token_claims}
     */
    public Grant verify(String token, Instant now) {
        Object parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw refused("token_malformed", "the token is not a JSON Web Token");
        }
        if (parsed instanceof PlainJWT) {
            throw refused("token_unsigned", "the token is not signed (alg: none), and Herald accepts only signed ones");
        }
        if (!(parsed instanceof SignedJWT signed)) {
            throw refused("token_malformed", "the token is encrypted; Herald takes signed tokens (JWS)");
        }
        var algorithm = signed.getHeader().getAlgorithm();
        if (!algorithms.contains(algorithm)) {
            throw refused("token_algorithm", "the token is signed with " + algorithm + "; this server takes "
                    + algorithms.stream().map(JWSAlgorithm::getName).sorted().toList());
        }
        try {
            if (!signed.verify(verifier)) {
                throw refused("token_signature", "the token's signature does not match this server's key");
            }
        } catch (JOSEException e) {
            throw refused("token_signature", "the token's signature cannot be checked with this server's key");
        }
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw refused("token_malformed", "the token's claims are not a JSON object");
        }
        var expires = claims.getExpirationTime();
        if (expires == null) {
            throw refused("token_no_expiry", "the token has no exp: Herald takes only tokens that expire");
        }
        if (!expires.toInstant().isAfter(now)) {
            throw refused("token_expired", "the token expired at " + expires.toInstant());
        }
        var notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now)) {
            throw refused("token_not_yet_valid", "the token is not valid before " + notBefore.toInstant());
        }
        try {
            var herald = claims.getJSONObjectClaim("herald");
            return new Grant(patterns(herald, "subscribe"), patterns(herald, "publish"), expires.toInstant());
        } catch (ParseException | IllegalArgumentException e) {
            throw refused("token_claims", "the token's claim herald must be {\"subscribe\":[topics or patterns],"
                    + "\"publish\":[…]}: " + e.getMessage());
        }
    }

    private static TopicPatterns patterns(Map<String, Object> claim, String name) {
        var value = claim == null ? null : claim.get(name);
        if (value == null) {
            return TopicPatterns.NONE;
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(name + " is not a list");
        }
        var patterns = new ArrayList<String>();
        for (var item : list) {
            if (!(item instanceof String pattern)) {
                throw new IllegalArgumentException(name + " holds something other than text");
            }
            patterns.add(pattern);
        }
        return new TopicPatterns(patterns);
    }

    private static Rejection refused(String code, String message) {
        return new Rejection(401, code, message, null);
    }
}
