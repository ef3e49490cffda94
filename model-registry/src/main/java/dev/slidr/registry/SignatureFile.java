package dev.slidr.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code manifest.sig}: the Ed25519 signature of the exact bytes of {@code manifest.json}, and the
 * id of the key that made it.
 *
 * <pre>{@code
 * { "algorithm" : "Ed25519", "key_id" : "ed25519-1a2b3c4d5e6f7081", "signature" : "<base64>" }
 * }</pre>
 */
record SignatureFile(String keyId, byte[] signature) {

    /** The file's name in a bundle directory. */
    static final String NAME = "manifest.sig";

    /** A signature file larger than this is refused before it is parsed. */
    static final int MAX_BYTES = 4096;

    private static final ObjectMapper JSON = ManifestCodec.JSON;
    private static final Set<String> FIELDS = Set.of("algorithm", "key_id", "signature");

    static byte[] toJson(SignatureFile file) {
        ObjectNode node = JSON.createObjectNode();
        node.put("algorithm", SigningKeys.ALGORITHM);
        node.put("key_id", file.keyId());
        node.put("signature", Base64.getEncoder().encodeToString(file.signature()));
        try {
            return (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses the file; the message of a failure says what is wrong, in one line. */
    static SignatureFile fromJson(byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field " + BundleManifest.quote(name));
            }
        }
        JsonNode algorithm = node.get("algorithm");
        if (algorithm == null || !SigningKeys.ALGORITHM.equals(algorithm.textValue())) {
            throw new IllegalArgumentException(
                    "algorithm must be "
                            + SigningKeys.ALGORITHM
                            + ", was "
                            + (algorithm == null
                                    ? "missing"
                                    : BundleManifest.quote(algorithm.asText())));
        }
        JsonNode keyId = node.get("key_id");
        if (keyId == null || !keyId.isTextual() || keyId.textValue().isBlank()) {
            throw new IllegalArgumentException("key_id is missing");
        }
        JsonNode signature = node.get("signature");
        if (signature == null || !signature.isTextual()) {
            throw new IllegalArgumentException("signature is missing");
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature is not base64");
        }
        return new SignatureFile(keyId.textValue(), sig);
    }
}
