package herald.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Tokens for the tests, made and signed with Nimbus JOSE + JWT as a client's issuer would. The secret is the one
 * the build gives Herald under test ({@code herald.jwt.secret} in {@code it.herald}).
 */
public final class Jwts {

    /** The secret of the unit tests' own verifiers (256 bits and more). */
    public static final String UNIT_SECRET = "a-secret-of-at-least-32-bytes-for-hs256!";

    private Jwts() {
    }

    /** The build's secret, for the deployed Herald. */
    public static String secret() {
        return Target.setting("jwt.secret");
    }

    /** Signed with the build's secret (HS256), valid for an hour, with these claims under {@code herald}. */
    public static String token(List<String> subscribe, List<String> publish) {
        return hs256(secret(), subscribe, publish, Instant.now().plus(Duration.ofHours(1)));
    }

    public static String hs256(String secret, List<String> subscribe, List<String> publish, Instant expires) {
        try {
            return sign(new MACSigner(secret), JWSAlgorithm.HS256, claims(subscribe, publish, expires).build());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWTClaimsSet.Builder claims(List<String> subscribe, List<String> publish, Instant expires) {
        var builder = new JWTClaimsSet.Builder().subject("test")
                .claim("herald", Map.of("subscribe", subscribe, "publish", publish));
        return expires == null ? builder : builder.expirationTime(Date.from(expires));
    }

    public static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            var jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
