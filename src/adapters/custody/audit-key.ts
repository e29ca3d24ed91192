import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import type { CheckpointSigner, CheckpointVerifier } from "../../ports/custody.js";

/**
 * AUDIT_SIGNING_KEY: an Ed25519 private key as a PKCS#8 PEM (`openssl genpkey -algorithm ed25519`),
 * or that PEM in base64 (one line, for secret stores and .env files). Literal `\n` are accepted.
 * Throws a message that never contains the key.
 */
export function parseAuditKey(value: string): KeyObject {
  let pem = value.trim().replace(/\\n/g, "\n");
  if (!pem.startsWith("-----BEGIN")) {
    const decoded = Buffer.from(pem, "base64").toString("utf8").trim();
    if (!decoded.startsWith("-----BEGIN"))
      throw new Error(
        "is neither a PEM private key nor the base64 of one; generate one with `openssl genpkey -algorithm ed25519`",
      );
    pem = decoded;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    throw new Error(
      "is not a readable PKCS#8 private key; generate one with `openssl genpkey -algorithm ed25519`",
    );
  }
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(
      `is a ${key.asymmetricKeyType ?? "unknown"} key; checkpoints are signed with Ed25519 (\`openssl genpkey -algorithm ed25519\`)`,
    );
  return key;
}

/** First 16 hex digits of the SHA-256 of the public key's SPKI DER: names the key in checkpoints. */
export const keyIdOf = (publicKey: KeyObject) =>
  createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex")
    .slice(0, 16);

export function createSigner(privateKey: KeyObject): CheckpointSigner {
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    sign: (payload) => sign(null, Buffer.from(payload), privateKey).toString("base64"),
  };
}

/** From a public key PEM (the one `GET /api/audit/public-key` gives), or a private key. */
export function createVerifier(key: string | KeyObject): CheckpointVerifier {
  const publicKey = typeof key === "string" ? createPublicKey(key) : createPublicKey(key);
  if (publicKey.asymmetricKeyType !== "ed25519") throw new Error("the public key is not an Ed25519 key");
  return {
    keyId: keyIdOf(publicKey),
    verify(payload, signature) {
      try {
        return verify(null, Buffer.from(payload), publicKey, Buffer.from(signature, "base64"));
      } catch {
        return false;
      }
    },
  };
}
