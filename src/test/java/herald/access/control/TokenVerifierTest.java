package herald.access.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.PlainJWT;
import herald.base.Rejection;
import herald.event.entity.Topic;
import herald.testing.Jwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenVerifierTest {

    static final String SECRET = Jwts.UNIT_SECRET;
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Instant LATER = NOW.plus(Duration.ofHours(1));

    static String refusal(TokenVerifier verifier, String token) {
        var refused = assertThrows(Rejection.class, () -> verifier.verify(token, NOW));
        assertEquals(401, refused.status());
        return refused.code();
    }

    static Path pem(Path dir, KeyPair keys) throws Exception {
        var file = dir.resolve("key.pem");
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return file;
    }

    @Test
    void aValidHmacTokenGrantsWhatItsClaimSays() {
        var grant = TokenVerifier.hmac(SECRET).verify(Jwts.hs256(SECRET, List.of("orders.*"), List.of("news"), LATER), NOW);
        assertTrue(grant.mayRead(new Topic("orders.7")));
        assertFalse(grant.mayRead(new Topic("news")));
        assertTrue(grant.mayPublish(new Topic("news")));
        assertFalse(grant.mayPublish(new Topic("orders.7")));
        assertEquals(LATER, grant.expires());
    }

    @Test
    void aSecretShorterThan256BitsStopsTheDeployment() {
        var refused = assertThrows(IllegalArgumentException.class, () -> TokenVerifier.hmac("too-short"));
        assertTrue(refused.getMessage().contains("256 bits"), refused.getMessage());
    }

    @Test
    void eachBadTokenIsRefusedWithItsReason() throws Exception {
        var verifier = TokenVerifier.hmac(SECRET);
        var claims = Jwts.claims(List.of("*"), List.of(), LATER).build();
        assertEquals("token_malformed", refusal(verifier, "not.a.jwt"));
        assertEquals("token_unsigned", refusal(verifier, new PlainJWT(claims).serialize()));
        assertEquals("token_signature", refusal(verifier,
                Jwts.sign(new MACSigner("another-secret-of-at-least-32-bytes!!!"), JWSAlgorithm.HS256, claims)));
        var rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertEquals("token_algorithm", refusal(verifier,
                Jwts.sign(new RSASSASigner(rsa.generateKeyPair().getPrivate()), JWSAlgorithm.RS256, claims)));
        assertEquals("token_no_expiry", refusal(verifier, Jwts.hs256(SECRET, List.of("*"), List.of(), null)));
        assertEquals("token_expired", refusal(verifier, Jwts.hs256(SECRET, List.of("*"), List.of(), NOW)));
        assertEquals("token_not_yet_valid", refusal(verifier, Jwts.sign(new MACSigner(SECRET), JWSAlgorithm.HS256,
                Jwts.claims(List.of("*"), List.of(), LATER).notBeforeTime(Date.from(NOW.plusSeconds(60))).build())));
        assertEquals("token_claims", refusal(verifier, Jwts.sign(new MACSigner(SECRET), JWSAlgorithm.HS256,
                Jwts.claims(List.of("a b"), List.of(), LATER).build())));
        assertEquals("token_claims", refusal(verifier, Jwts.sign(new MACSigner(SECRET), JWSAlgorithm.HS256,
                Jwts.claims(List.of(), List.of(), LATER).claim("herald", "everything").build())));
    }

    @Test
    void aPublicKeyChecksRsaTokensAndNeverServesAsAnHmacSecret(@TempDir Path dir) throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var keys = generator.generateKeyPair();
        var verifier = TokenVerifier.publicKey(pem(dir, keys));
        var claims = Jwts.claims(List.of("private.*"), List.of(), LATER).build();
        var grant = verifier.verify(Jwts.sign(new RSASSASigner(keys.getPrivate()), JWSAlgorithm.RS256, claims), NOW);
        assertTrue(grant.mayRead(new Topic("private.a")));
        // The classic confusion: the public key's bytes used as an HMAC secret by whoever knows them.
        var publicKeyAsSecret = Files.readString(dir.resolve("key.pem"));
        assertEquals("token_algorithm", refusal(verifier,
                Jwts.sign(new MACSigner(publicKeyAsSecret), JWSAlgorithm.HS256, claims)));
    }

    @Test
    void aPublicKeyChecksEcTokens(@TempDir Path dir) throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var keys = generator.generateKeyPair();
        var verifier = TokenVerifier.publicKey(pem(dir, keys));
        var claims = Jwts.claims(List.of("*"), List.of(), LATER).build();
        assertTrue(verifier.verify(Jwts.sign(new ECDSASigner((ECPrivateKey) keys.getPrivate()), JWSAlgorithm.ES256,
                claims), NOW).mayRead(new Topic("x")));
        var other = generator.generateKeyPair();
        assertEquals("token_signature", refusal(verifier,
                Jwts.sign(new ECDSASigner((ECPrivateKey) other.getPrivate()), JWSAlgorithm.ES256, claims)));
    }

    @Test
    void aFileThatHoldsNoPublicKeyStopsTheDeployment(@TempDir Path dir) throws Exception {
        var file = Files.writeString(dir.resolve("nonsense.pem"), "-----BEGIN PUBLIC KEY-----\nbm9wZQ==\n-----END PUBLIC KEY-----\n");
        assertThrows(IllegalArgumentException.class, () -> TokenVerifier.publicKey(file));
    }
}
